import { createHash, timingSafeEqual } from "node:crypto";

/** A seeded user. `sub` is fixed so the console sees the same subject across IdP restarts. */
export type DevAccount = {
  sub: string;
  email: string;
  name: string;
  groups: string[];
};

/**
 * One admin, one viewer and one user in no console group (to prove that signing in alone grants
 * nothing). All share the one dev password, so there is no per-user secret to manage.
 */
export const DEV_ACCOUNTS: readonly DevAccount[] = [
  { sub: "dev-admin", email: "admin@example.com", name: "Ada Admin", groups: ["mme-admins"] },
  { sub: "dev-viewer", email: "viewer@example.com", name: "Victor Viewer", groups: ["mme-viewers"] },
  { sub: "dev-outsider", email: "outsider@example.com", name: "Olive Outsider", groups: [] },
];

export function findAccountBySub(sub: string): DevAccount | undefined {
  return DEV_ACCOUNTS.find((a) => a.sub === sub);
}

// Hashing first gives equal-length buffers, which timingSafeEqual requires, without leaking length.
const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * The account for these credentials, or undefined. The password is always compared (in constant
 * time), even for an unknown email, so the response time does not tell which part was wrong.
 */
export function verifyCredentials(email: string, password: string, expectedPassword: string): DevAccount | undefined {
  const account = DEV_ACCOUNTS.find((a) => a.email === email.trim().toLowerCase());
  const passwordOk = timingSafeEqual(digest(password), digest(expectedPassword));
  return account && passwordOk ? account : undefined;
}

/** The claims oidc-provider may release; it filters them by the scopes the grant holds. */
export function accountClaims(account: DevAccount) {
  return {
    sub: account.sub,
    email: account.email,
    email_verified: true,
    name: account.name,
    groups: [...account.groups],
  };
}
