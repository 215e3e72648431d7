import "server-only";

/**
 * SSO settings from the environment: any OpenID Connect issuer (Okta, Entra ID, Cognito,
 * Keycloak, Google...) and how its groups (or roles) claim maps to the console's roles.
 */
export type AuthSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** The claim holding the user's groups or roles: an array of strings, or one string. */
  rolesClaim: string;
  adminGroups: string[];
  viewerGroups: string[];
  /** `login` makes the IdP ask for credentials every time (the local stack sets it). */
  prompt?: string;
  providerName: string;
};

const list = (v: string | undefined, fallback: string) =>
  (v ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function readAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const issuer = env.MME_AUTH_ISSUER;
  const clientId = env.MME_AUTH_CLIENT_ID;
  const clientSecret = env.MME_AUTH_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) {
    throw new Error("SSO is not configured: set MME_AUTH_ISSUER, MME_AUTH_CLIENT_ID and MME_AUTH_CLIENT_SECRET (see README)");
  }
  return {
    issuer: issuer.replace(/\/$/, ""),
    clientId,
    clientSecret,
    scopes: env.MME_AUTH_SCOPES ?? "openid email profile groups",
    rolesClaim: env.MME_AUTH_ROLES_CLAIM ?? "groups",
    adminGroups: list(env.MME_AUTH_ADMIN_GROUPS, "mme-admins"),
    viewerGroups: list(env.MME_AUTH_VIEWER_GROUPS, "mme-viewers"),
    prompt: env.MME_AUTH_PROMPT || undefined,
    providerName: env.MME_AUTH_PROVIDER_NAME ?? "SSO",
  };
}

/** The name of the SSO provider on the sign-in button. */
export function authProviderName(): string {
  return readAuthSettings().providerName;
}

/** Which IdP groups grant which role, for the no-access page. */
export function roleGroupsHint(): { admin: string[]; viewer: string[] } {
  const s = readAuthSettings();
  return { admin: s.adminGroups, viewer: s.viewerGroups };
}
