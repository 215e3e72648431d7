import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";

// The CSP the console serves (proxy.ts) must allow every URL the console presigns for the browser:
// for each way of pointing the S3 client somewhere, an UploadPart URL is presigned by the console's
// own code path (signUploadParts with the console's s3Client) and its origin checked against the
// connect-src the proxy answers. Presigning is local: no AWS and no moto needed.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-csp-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every variable these cases set; each case starts from none of them. */
const KEYS = [
  "MME_BACKEND",
  "MME_ENGINE_URL",
  "MME_UPLOAD_ORIGINS",
  "MME_S3_FORCE_PATH_STYLE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_S3",
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
];
const AWS = { MME_BACKEND: "aws", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_EC2_METADATA_DISABLED: "true" };

/** A fresh console process, as far as modules go, with this environment. */
async function consoleWith(env: Record<string, string>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, { MME_CONSOLE_DATA_DIR: tmp, ...env });
  vi.resetModules();
  const { proxy } = await import("@/proxy");
  const { recordUploadSession } = await import("@/server/console-store/upload-sessions");
  const { signUploadParts } = await import("@/server/bff/models/sign-upload-parts");
  return {
    async csp() {
      const res = await proxy(new NextRequest("http://console.test/signin"));
      return res.headers.get("content-security-policy") ?? "";
    },
    /** The URL the browser gets for part 1 of an upload into `bucket`. */
    async presign(bucket: string) {
      const uploadId = `u-${Math.random().toString(36).slice(2)}`;
      const key = "team/fraud/v1.tar.gz";
      recordUploadSession({ uploadId, endpoint: "ep", bucket, key, model: "fraud", version: 1, actor: "a@example.com" });
      const { parts } = await signUploadParts("ep", { key, uploadId, partNumbers: [1] });
      return parts[0]!.url;
    },
  };
}

/** CSP host-source matching (CSP3 §6.7.2.8, what the browser does): scheme, host with a `*.` wildcard, port. */
function connectSrcAllows(csp: string, url: string): boolean {
  const directive = csp.split(";").map((d) => d.trim().split(/\s+/)).find(([name]) => name === "connect-src");
  const target = new URL(url);
  const port = (u: URL) => u.port || (u.protocol === "https:" ? "443" : "80");
  return (directive ?? []).slice(1).some((source) => {
    const m = /^(https?):\/\/(\*\.)?([^:/]+|\[[^\]]+\])(?::(\d+))?$/.exec(source);
    if (!m) return false;
    const [, scheme, wildcard, host, sourcePort] = m;
    if (`${scheme}:` !== target.protocol) return false;
    const hostOk = wildcard ? target.hostname.endsWith(`.${host}`) : target.hostname === host;
    return hostOk && (sourcePort ?? (scheme === "https" ? "443" : "80")) === port(target);
  });
}

const CASES: { name: string; env: Record<string, string>; expectHost?: RegExp }[] = [
  { name: "AWS, us-east-1", env: { ...AWS, AWS_REGION: "us-east-1" }, expectHost: /(^|\.)s3\.us-east-1\.amazonaws\.com$/ },
  { name: "AWS, eu-west-1 (AWS_DEFAULT_REGION)", env: { ...AWS, AWS_DEFAULT_REGION: "eu-west-1" }, expectHost: /s3\.eu-west-1\.amazonaws\.com$/ },
  { name: "AWS China, cn-north-1", env: { ...AWS, AWS_REGION: "cn-north-1" }, expectHost: /\.amazonaws\.com\.cn$/ },
  { name: "FIPS", env: { ...AWS, AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "true" }, expectHost: /s3-fips\.us-east-1\.amazonaws\.com$/ },
  { name: "dual-stack", env: { ...AWS, AWS_REGION: "eu-west-1", AWS_USE_DUALSTACK_ENDPOINT: "true" }, expectHost: /s3\.dualstack\.eu-west-1\.amazonaws\.com$/ },
  {
    name: "FIPS and dual-stack, GovCloud",
    env: { ...AWS, AWS_REGION: "us-gov-west-1", AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" },
    expectHost: /s3-fips\.dualstack\.us-gov-west-1\.amazonaws\.com$/,
  },
  {
    name: "a VPC interface endpoint (AWS_ENDPOINT_URL_S3)",
    env: { ...AWS, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_S3: "https://bucket.vpce-0a1b2c3d4e5f-6g7h8i9j.s3.us-east-1.vpce.amazonaws.com" },
    expectHost: /vpce-0a1b2c3d4e5f-6g7h8i9j\.s3\.us-east-1\.vpce\.amazonaws\.com$/,
  },
  {
    name: "an S3-compatible store by name (AWS_ENDPOINT_URL)",
    env: { ...AWS, AWS_REGION: "auto", AWS_ENDPOINT_URL: "https://0123abcd.r2.cloudflarestorage.com" },
    expectHost: /0123abcd\.r2\.cloudflarestorage\.com$/,
  },
  { name: "an endpoint on an IP (moto, MinIO)", env: { ...AWS, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }, expectHost: /^127\.0\.0\.1$/ },
  { name: "an endpoint on localhost", env: { ...AWS, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_S3: "http://localhost:9000" }, expectHost: /^localhost$/ },
  {
    name: "a custom endpoint with MME_S3_FORCE_PATH_STYLE=true",
    env: { ...AWS, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_S3: "https://s3.internal.example.com", MME_S3_FORCE_PATH_STYLE: "true" },
    expectHost: /^s3\.internal\.example\.com$/,
  },
  { name: "the local engine", env: { MME_ENGINE_URL: "http://127.0.0.1:9470" }, expectHost: /^127\.0\.0\.1$/ },
  { name: "the local engine on its default port", env: {}, expectHost: /^127\.0\.0\.1$/ },
];

describe("the CSP allows every presigned upload URL", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const app = await consoleWith(c.env);
      const csp = await app.csp();
      for (const bucket of ["mme-models", "mme.models"]) {
        const url = await app.presign(bucket);
        expect(new URL(url).hostname, bucket).toMatch(c.expectHost ?? /./);
        expect(new URL(url).searchParams.get("uploadId"), bucket).toMatch(/^u-/);
        expect(connectSrcAllows(csp, url), `${bucket}: ${url.split("?")[0]} under ${csp}`).toBe(true);
      }
    });
  }

  it("adds MME_UPLOAD_ORIGINS, and refuses a value that is not an origin", async () => {
    const extra = "https://uploads.example.com https://*.s3.accelerate.amazonaws.com";
    const csp = await (await consoleWith({ ...AWS, AWS_REGION: "us-east-1", MME_UPLOAD_ORIGINS: extra })).csp();
    expect(connectSrcAllows(csp, "https://uploads.example.com/b/k?partNumber=1")).toBe(true);
    expect(connectSrcAllows(csp, "https://mme-models.s3.accelerate.amazonaws.com/k")).toBe(true);
    expect(connectSrcAllows(csp, "https://evil.example.net/")).toBe(false);

    const bad = await consoleWith({ ...AWS, AWS_REGION: "us-east-1", MME_UPLOAD_ORIGINS: "https://ok.example.com; script-src *" });
    await expect(bad.csp()).rejects.toThrow(/MME_UPLOAD_ORIGINS/);
  });
});
