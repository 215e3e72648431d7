import { describe, expect, it } from "vitest";
import { shortenLocalPaths } from "@/lib/errors/shorten-local-paths";

describe("shortenLocalPaths", () => {
  it("keeps a file's last two segments and leaves URLs, S3 URIs and short paths alone", () => {
    expect(shortenLocalPaths("at /tmp/a/b/1/model.py(12): explode")).toBe("at …/1/model.py(12): explode");
    expect(shortenLocalPaths("(/var/lib/mme/x.onnx)")).toBe("(…/mme/x.onnx)");
    const kept = "see https://host/a/b/c and s3://bucket/a/b/c and /api/endpoints";
    expect(shortenLocalPaths(kept)).toBe(kept);
  });
});
