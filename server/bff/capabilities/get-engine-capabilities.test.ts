import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";

let engine: BffTestEngine;
let getEngineCapabilities: typeof import("./get-engine-capabilities").getEngineCapabilities;
const saved = process.env.MME_ENGINE_PYTHON;

beforeAll(async () => {
  // A Python that is not there: the engine must say PyTorch is unavailable, and why.
  process.env.MME_ENGINE_PYTHON = "/nonexistent/python3";
  engine = await startBffTestEngine({ bucket: "caps" });
  ({ getEngineCapabilities } = await import("./get-engine-capabilities"));
});
afterAll(async () => {
  if (saved === undefined) delete process.env.MME_ENGINE_PYTHON;
  else process.env.MME_ENGINE_PYTHON = saved;
  await engine?.close();
});

describe("getEngineCapabilities", () => {
  it("reads the local engine's signed /_mme/capabilities: PyTorch and Python models unavailable, with the reasons", async () => {
    const view = await getEngineCapabilities();
    expect(view).toMatchObject({ localEngine: true, pytorch: { available: false, devices: [] }, python: { available: false } });
    if (!view.localEngine) throw new Error("expected the local engine");
    expect(view.pytorch.reason).toMatch(/^MME_ENGINE_PYTHON=\/nonexistent\/python3 has no PyTorch; .*not found/);
    expect(view.python.reason).toMatch(/nonexistent/);
  });
});
