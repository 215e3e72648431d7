import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * next-auth's secret for the local stack: random on first start, then kept (mode 0600) in the
 * console's data dir so that sessions survive a restart. Deployments set NEXTAUTH_SECRET.
 */
export function localAuthSecret(consoleDataDir: string): string {
  const file = path.join(consoleDataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(consoleDataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
