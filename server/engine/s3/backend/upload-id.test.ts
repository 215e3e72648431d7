import { describe, expect, it } from "vitest";
import { newUploadId } from "./upload-id";

describe("newUploadId", () => {
  it("never starts with - or _ (an id starting with - is an option to the AWS CLI), over 20,000 draws", () => {
    const ids = Array.from({ length: 20_000 }, newUploadId);
    expect(ids.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]{63}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
