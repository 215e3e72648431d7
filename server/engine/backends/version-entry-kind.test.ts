import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { versionEntryKind } from "./model-backend";

let modelDir: string;
beforeAll(async () => {
  modelDir = await mkdtemp(join(tmpdir(), "mme-entry-kind-"));
  await mkdir(join(modelDir, "1", "model.onnx"), { recursive: true });
  await writeFile(join(modelDir, "1", "model.onnx", "model.onnx"), "x");
  await writeFile(join(modelDir, "1", "model.pt"), "x");
});
afterAll(() => rm(modelDir, { recursive: true, force: true }));

describe("versionEntryKind", () => {
  it("answers from the disk when the extraction listed nothing", async () => {
    const files = { modelDir, version: 1, bytes: 2 };
    expect(await versionEntryKind(files, "model.pt")).toBe("file");
    expect(await versionEntryKind(files, "model.onnx")).toBe("directory");
    expect(await versionEntryKind(files, "model.plan")).toBeUndefined();
  });

  it("answers from the listing, the same as the disk would, without reading it", async () => {
    // A model folder that does not exist: only the listing can answer.
    const files = { modelDir: join(modelDir, "absent"), version: 1, bytes: 2, files: ["model.pt", "model.onnx/model.onnx", "model.onnx/weights.bin"] };
    expect(await versionEntryKind(files, "model.pt")).toBe("file");
    expect(await versionEntryKind(files, "model.onnx")).toBe("directory");
    expect(await versionEntryKind(files, "model.plan")).toBeUndefined();
    expect(await versionEntryKind(files, "model")).toBeUndefined();
  });
});
