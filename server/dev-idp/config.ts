/**
 * The dev identity provider's settings. The defaults are well known on purpose (README, tests,
 * `npm start` all rely on them), which is exactly why they must never guard anything real:
 * `productionProblems` refuses them when NODE_ENV=production.
 */
export const DEV_IDP_DEFAULTS = {
  host: "127.0.0.1",
  port: 9471,
  password: "mme-dev-password",
  clientId: "mme-console",
  clientSecret: "mme-console-dev-secret",
  redirectUris: ["http://127.0.0.1:3000/api/auth/callback/oidc", "http://localhost:3000/api/auth/callback/oidc"],
  // Where the console may send users after RP-initiated logout: its sign-in page and its root.
  postLogoutRedirectUris: [
    "http://127.0.0.1:3000/signin",
    "http://localhost:3000/signin",
    "http://127.0.0.1:3000/",
    "http://localhost:3000/",
  ],
} as const;

export type DevIdpConfig = {
  port: number;
  password: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
};

const list = (value: string | undefined, fallback: readonly string[]): string[] => {
  const items = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : [...fallback];
};

/** Reads MME_IDP_* and MME_DEV_PASSWORD; `portArg` (from --port) wins over MME_IDP_PORT. */
export function readDevIdpConfig(env: Record<string, string | undefined> = process.env, portArg?: string): DevIdpConfig {
  const rawPort = portArg ?? env.MME_IDP_PORT;
  const port = rawPort === undefined || rawPort === "" ? DEV_IDP_DEFAULTS.port : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`the dev IdP port must be 0..65535, not "${rawPort}"`);
  return {
    port,
    password: env.MME_DEV_PASSWORD || DEV_IDP_DEFAULTS.password,
    clientId: env.MME_IDP_CLIENT_ID || DEV_IDP_DEFAULTS.clientId,
    clientSecret: env.MME_IDP_CLIENT_SECRET || DEV_IDP_DEFAULTS.clientSecret,
    redirectUris: list(env.MME_IDP_REDIRECT_URIS, DEV_IDP_DEFAULTS.redirectUris),
    postLogoutRedirectUris: list(env.MME_IDP_POST_LOGOUT_REDIRECT_URIS, DEV_IDP_DEFAULTS.postLogoutRedirectUris),
  };
}

/**
 * Why the dev IdP must not start as configured, or [] when it may. Only production is strict:
 * a published password or client secret there would let anyone sign in as an admin.
 */
export function productionProblems(
  config: Pick<DevIdpConfig, "password" | "clientSecret">,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): string[] {
  if (nodeEnv !== "production") return [];
  const problems: string[] = [];
  if (config.password === DEV_IDP_DEFAULTS.password) {
    problems.push("MME_DEV_PASSWORD is the published default; set a strong one");
  }
  if (config.clientSecret === DEV_IDP_DEFAULTS.clientSecret) {
    problems.push("MME_IDP_CLIENT_SECRET is the published default; set a strong one");
  }
  return problems;
}
