import { describe, expect, it } from "vitest";
import { normalizeEntryPath } from "./entry-path";

describe("normalizeEntryPath", () => {
  it.each([
    ["m/1/model.onnx", "m/1/model.onnx"],
    ["./m/1/model.onnx", "m/1/model.onnx"],
    ["././m/", "m"],
    ["m//1/./model.onnx", "m/1/model.onnx"],
    ["./", ""],
    ["m/..data/x", "m/..data/x"], // ".." only as a whole segment
    ["m/modèle.onnx", "m/modèle.onnx"],
  ])("accepts %j as %j", (raw, path) => {
    expect(normalizeEntryPath(raw)).toMatchObject({ ok: true, path });
  });

  it.each([
    ["../x", "path traversal"],
    ["m/../../x", "path traversal"],
    ["m/1/..", "path traversal"],
    ["/etc/passwd", "absolute path"],
    ["C:/Windows/x", "absolute path"],
    ["m\\..\\x", "backslash"],
    ["m/x\0.txt", "NUL"],
    ["m/\x1b[31mred", "control characters"],
    [`m/${"a".repeat(256)}`, "longer than 255 bytes"],
    ["m/".repeat(2100), "longer than 4096"],
  ])("refuses %j (%s)", (raw, reason) => {
    const r = normalizeEntryPath(raw);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toContain(reason);
  });
});
