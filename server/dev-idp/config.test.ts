import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEV_IDP_DEFAULTS, productionProblems, readDevIdpConfig } from "./config";

describe("dev IdP production guard", () => {
  it("refuses the default password and the default client secret in production", () => {
    const problems = productionProblems({ password: DEV_IDP_DEFAULTS.password, clientSecret: DEV_IDP_DEFAULTS.clientSecret }, "production");
    expect(problems).toHaveLength(2);
    expect(problems.join(" ")).toMatch(/MME_DEV_PASSWORD.*MME_IDP_CLIENT_SECRET/);
    expect(productionProblems({ password: "s3cret-enough", clientSecret: DEV_IDP_DEFAULTS.clientSecret }, "production")).toHaveLength(1);
    expect(productionProblems({ password: DEV_IDP_DEFAULTS.password, clientSecret: "another-secret" }, "production")).toHaveLength(1);
  });

  it("accepts non-default values in production, and the defaults anywhere else", () => {
    expect(productionProblems({ password: "s3cret-enough", clientSecret: "another-secret" }, "production")).toEqual([]);
    expect(productionProblems({ password: DEV_IDP_DEFAULTS.password, clientSecret: DEV_IDP_DEFAULTS.clientSecret }, "development")).toEqual([]);
    expect(productionProblems({ password: DEV_IDP_DEFAULTS.password, clientSecret: DEV_IDP_DEFAULTS.clientSecret }, undefined)).toEqual([]);
  });
});

describe("dev IdP settings", () => {
  it("defaults to the documented values", () => {
    expect(readDevIdpConfig({})).toEqual({
      port: 9471,
      password: "mme-dev-password",
      clientId: "mme-console",
      clientSecret: "mme-console-dev-secret",
      redirectUris: ["http://127.0.0.1:3000/api/auth/callback/oidc", "http://localhost:3000/api/auth/callback/oidc"],
      postLogoutRedirectUris: [...DEV_IDP_DEFAULTS.postLogoutRedirectUris],
    });
  });

  it("reads MME_IDP_* and MME_DEV_PASSWORD; --port wins over MME_IDP_PORT", () => {
    const env = {
      MME_IDP_PORT: "9999",
      MME_DEV_PASSWORD: "pw",
      MME_IDP_CLIENT_ID: "id",
      MME_IDP_CLIENT_SECRET: "secret",
      MME_IDP_REDIRECT_URIS: " http://a.test/cb , http://b.test/cb ",
      MME_IDP_POST_LOGOUT_REDIRECT_URIS: "http://a.test/bye",
    };
    expect(readDevIdpConfig(env)).toEqual({
      port: 9999,
      password: "pw",
      clientId: "id",
      clientSecret: "secret",
      redirectUris: ["http://a.test/cb", "http://b.test/cb"],
      postLogoutRedirectUris: ["http://a.test/bye"],
    });
    expect(readDevIdpConfig(env, "0").port).toBe(0);
    expect(() => readDevIdpConfig({ MME_IDP_PORT: "http" })).toThrow(/port/);
  });
});

/** Runs main.ts under tsx; resolves when it prints its first line or exits. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/dev-idp/main.ts", "--port", "0"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = new Promise<void>((resolve) => {
    child.stdout.on("data", () => stdout.includes("\n") && resolve());
    void exited.then(() => resolve());
  });
  return { child, exited, firstLine, out: () => ({ stdout, stderr }) };
}

describe("dev IdP CLI", () => {
  it("refuses to start with its defaults when NODE_ENV=production", async () => {
    const run = runMain({ NODE_ENV: "production", MME_DEV_PASSWORD: "", MME_IDP_CLIENT_SECRET: "" });
    expect(await run.exited).toBe(2);
    expect(run.out().stdout).toBe("");
    expect(run.out().stderr).toContain("refusing to start with NODE_ENV=production");
  });

  it("prints one listening line, serves discovery, and exits cleanly on SIGTERM", async () => {
    const run = runMain({ NODE_ENV: "production", MME_DEV_PASSWORD: "prod-pw", MME_IDP_CLIENT_SECRET: "prod-secret" });
    await run.firstLine;
    const { stdout } = run.out();
    expect(stdout).toMatch(/^mme-dev-idp listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const issuer = stdout.trim().split(" ").pop() as string;
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(issuer);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.out().stdout).toBe(stdout);
  });
});
