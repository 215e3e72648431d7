/**
 * Roles and what each may do; shared by the server (which enforces) and the UI (which hides or
 * disables what a role may not do). A user whose claims map to no role has no access at all.
 */
export const ROLES = ["admin", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Read endpoints, models, metrics. */
  read: ["admin", "viewer"],
  /** Invoke a model from the playground. */
  invoke: ["admin", "viewer"],
  /** Create, update and delete endpoints. */
  "endpoints:write": ["admin"],
  /** Upload, alias and delete model versions. */
  "models:write": ["admin"],
  /** Move an alias to a version that did not verify, with a reason (audited). */
  "models:force": ["admin"],
  /** See the audit log. */
  "audit:read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export type SessionUser = { email: string; name?: string; role: Role };
