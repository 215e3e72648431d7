import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_NEXTAUTH_SECRET } from "../support/e2e-secrets";

/** Everything the browser can download: the client bundles Next built. */
function clientFiles(dir = ".next/static"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? clientFiles(p) : [p];
  });
}

test("no secret reaches the browser bundles", () => {
  const secrets = [
    process.env.MME_ENGINE_SECRET_ACCESS_KEY ?? "mme-local-secret-key",
    process.env.MME_IDP_CLIENT_SECRET ?? "mme-console-dev-secret",
    process.env.MME_DEV_PASSWORD ?? "mme-dev-password",
    E2E_NEXTAUTH_SECRET,
    process.env.AWS_SECRET_ACCESS_KEY,
    process.env.NEXTAUTH_SECRET,
  ].filter((s): s is string => !!s && s.length >= 8);
  const files = clientFiles();
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(0);
  for (const f of files) {
    const text = fs.readFileSync(f, "latin1");
    for (const s of secrets) expect(text.includes(s), `${s.slice(0, 4)}… in ${f}`).toBe(false);
  }
});
