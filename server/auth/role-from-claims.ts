import "server-only";
import type { Role } from "@/lib/roles";
import type { AuthSettings } from "@/server/auth/auth-settings";

/**
 * The console role of a user from the IdP's claims: admin wins over viewer; no match, no role.
 * The claim may be an array (Okta, Keycloak, Entra ID groups) or a single or space-separated string.
 */
export function roleFromClaims(claims: Record<string, unknown>, settings: Pick<AuthSettings, "rolesClaim" | "adminGroups" | "viewerGroups">): Role | undefined {
  const raw = claims[settings.rolesClaim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  if (groups.some((g) => settings.adminGroups.includes(g))) return "admin";
  if (groups.some((g) => settings.viewerGroups.includes(g))) return "viewer";
  return undefined;
}
