import { describe, expect, it } from "vitest";
import { readBackendConfig } from "@/server/aws/backend-config";

const aws = (env: Record<string, string>) => readBackendConfig({ MME_BACKEND: "aws", AWS_REGION: "us-east-1", ...env });

describe("readBackendConfig: S3 addressing and upload origins", () => {
  it("addresses S3 path-style by default when the S3 endpoint is an IP address or localhost, virtual-hosted otherwise", () => {
    expect(aws({}).s3ForcePathStyle).toBe(false);
    expect(aws({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }).s3ForcePathStyle).toBe(true);
    expect(aws({ AWS_ENDPOINT_URL: "http://[::1]:5000" }).s3ForcePathStyle).toBe(true);
    expect(aws({ AWS_ENDPOINT_URL_S3: "http://localhost:9000" }).s3ForcePathStyle).toBe(true);
    expect(aws({ AWS_ENDPOINT_URL: "https://s3.example.com" }).s3ForcePathStyle).toBe(false);
    // The S3-specific variable outranks the general one, as in the SDK.
    expect(aws({ AWS_ENDPOINT_URL: "http://10.0.0.5:9000", AWS_ENDPOINT_URL_S3: "https://s3.example.com" }).s3ForcePathStyle).toBe(false);
    expect(aws({ AWS_ENDPOINT_URL: "http://10.0.0.5:9000", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }).s3ForcePathStyle).toBe(false);
  });

  it("follows MME_S3_FORCE_PATH_STYLE when set, and refuses anything but true or false", () => {
    expect(aws({ MME_S3_FORCE_PATH_STYLE: "true" }).s3ForcePathStyle).toBe(true);
    expect(aws({ MME_S3_FORCE_PATH_STYLE: "false", AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }).s3ForcePathStyle).toBe(false);
    expect(() => aws({ MME_S3_FORCE_PATH_STYLE: "yes" })).toThrow(/MME_S3_FORCE_PATH_STYLE/);
    // The local engine serves path-style only.
    expect(readBackendConfig({ MME_S3_FORCE_PATH_STYLE: "false" }).s3ForcePathStyle).toBe(true);
  });

  it("reads MME_UPLOAD_ORIGINS as space-separated origins and refuses anything else", () => {
    expect(aws({ MME_UPLOAD_ORIGINS: " https://a.example.com  https://*.s3.example.com:8443/ http://[::1]:9000 " }).extraUploadOrigins).toEqual([
      "https://a.example.com",
      "https://*.s3.example.com:8443",
      "http://[::1]:9000",
    ]);
    for (const bad of ["https://a.example.com/path", "'self'", "*", "https://a.example.com;", "ftp://a.example.com", "https://a.*.example.com"]) {
      expect(() => aws({ MME_UPLOAD_ORIGINS: bad }), bad).toThrow(/MME_UPLOAD_ORIGINS/);
    }
  });
});
