import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import { filBackend } from "./fil-backend";

const DIR = join(process.cwd(), "fixtures/models/src/xgboost-binary");
const TEXT = readFileSync(join(DIR, "config.pbtxt"), "utf8");
const FILES = { modelDir: DIR, version: 1, bytes: statSync(join(DIR, "1/xgboost.json")).size };

function config(instanceGroup: string) {
  const parsed = parseConfigPbtxt(TEXT.replace("instance_group [ { kind: KIND_CPU } ]", instanceGroup));
  if (!parsed.config) throw new Error("config.pbtxt does not parse");
  return parsed.config;
}

// Each of Triton's FIL instances loads the forest for itself: the cache accounts every one.
describe("FIL instance groups", () => {
  it("reserves and accounts the forest once per instance, answering the same", async () => {
    const one = config("instance_group [ { kind: KIND_CPU } ]");
    const three = config("instance_group [ { count: 2 kind: KIND_CPU }, { kind: KIND_CPU } ]");
    expect(await filBackend.estimateMemoryBytes!(FILES, three)).toBe(3 * (await filBackend.estimateMemoryBytes!(FILES, one)));
    const a = await filBackend.load(FILES, one);
    const b = await filBackend.load(FILES, three);
    expect(b.memoryBytes).toBe(3 * a.memoryBytes);
    const input = [{ name: "input__0", datatype: "FP32" as const, shape: [2, 4], data: Float32Array.of(1, 2, 3, 4, 0.5, -1, 2, 0) }];
    expect(await b.infer(input)).toEqual(await a.infer(input));
    await a.unload();
    await b.unload();
  });
});
