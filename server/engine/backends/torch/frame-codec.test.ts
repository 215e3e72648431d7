import { describe, expect, it } from "vitest";
import { encodeFrame, FrameError, FrameReader } from "./frame-codec";

const bytesOf = (parts: Buffer[]) => Buffer.concat(parts);

describe("the torch worker's frames", () => {
  const one = bytesOf(encodeFrame({ id: 1, op: "infer" }, [new Uint8Array(new Float32Array([1.5, -2]).buffer), new Uint8Array([7])]));
  const two = bytesOf(encodeFrame({ id: 2, ok: true }));

  it("carries a JSON header and raw tensor bytes, never JSON-encoded data", () => {
    expect(one.readUInt32LE(4)).toBe(9);
    const [frame] = new FrameReader().push(one);
    expect(frame!.header).toEqual({ id: 1, op: "infer" });
    expect([...new Float32Array(frame!.body.buffer.slice(frame!.body.byteOffset, frame!.body.byteOffset + 8))]).toEqual([1.5, -2]);
    expect(frame!.body[8]).toBe(7);
  });

  it("reassembles frames split byte by byte, and several frames in one chunk", () => {
    const reader = new FrameReader();
    const got = [];
    for (const byte of bytesOf([one, two])) got.push(...reader.push(Buffer.from([byte])));
    expect(got.map((f) => f.header.id)).toEqual([1, 2]);
    expect(reader.pendingBytes).toBe(0);
    expect(new FrameReader().push(bytesOf([one, two, one])).map((f) => f.header.id)).toEqual([1, 2, 1]);
  });

  it("keeps a partial frame pending (a worker that died mid-answer) and refuses a corrupt stream", () => {
    const reader = new FrameReader();
    expect(reader.push(one.subarray(0, one.length - 3))).toEqual([]);
    expect(reader.pendingBytes).toBe(one.length - 3);
    expect(() => new FrameReader().push(Buffer.from("garbage that is not a frame"))).toThrow(FrameError);
  });
});
