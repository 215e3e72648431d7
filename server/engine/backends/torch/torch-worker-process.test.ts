import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerProcess } from "./torch-worker-process";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const START_TIMEOUT_MS = 4000;
let worker: WorkerProcess | undefined;

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

describe("WorkerProcess", () => {
  it("outlives its start timeout once it is ready (the timer only guards the start)", async () => {
    const lines: string[] = [];
    const created = Date.now();
    worker = new WorkerProcess({
      python: "python3",
      script: join(HERE, "torch_worker.py"),
      pythonBackendDir: join(HERE, "..", "python"),
      device: "cpu",
      threads: 1,
      startTimeoutMs: START_TIMEOUT_MS,
      log: (line) => lines.push(line),
    });
    await worker.ready;
    expect(Date.now() - created).toBeLessThan(START_TIMEOUT_MS);
    // Past the start timeout: the worker must still be there.
    await new Promise((r) => setTimeout(r, START_TIMEOUT_MS - (Date.now() - created) + 500));
    const state = await Promise.race([worker.exited.then((why) => `exited: ${why}`), new Promise<string>((r) => setTimeout(() => r("running"), 50))]);
    expect(state, lines.join("\n")).toBe("running");
  }, 15_000);
});
