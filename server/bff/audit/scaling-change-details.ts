import "server-only";
import { PRESET_INFO } from "@/lib/scaling/policy-presets";
import type { AuditResult } from "@/lib/schemas/audit";
import type { ScalingPolicySettings, ScheduledActionInput } from "@/lib/schemas/scaling";

/** The audit log's line for each change of the Scaling tab, in words (see change-details.ts). */
type Done<R> = { result: AuditResult; value?: R };
type Capacity = { minCapacity: number; maxCapacity: number };

const moved = (what: string, from: number | undefined, to: number) => (from === undefined || from === to ? `${what} ${to}` : `${what} ${from} → ${to}`);

export function scalableTargetSet(to: Capacity, done: Done<{ previous?: Capacity }>): string {
  const was = done.value?.previous;
  const range = `${moved("min", was?.minCapacity, to.minCapacity)}, ${moved("max", was?.maxCapacity, to.maxCapacity)}`;
  if (done.result !== "ok") return `scaling ${range}`;
  return was ? range : `registered for scaling: ${range}`;
}

export function scalableTargetRemoved(done: Done<{ previous?: Capacity }>): string {
  const was = done.value?.previous;
  const what = done.result === "ok" ? "deregistered from scaling" : "deregister from scaling";
  return was ? `${what} (was min ${was.minCapacity}, max ${was.maxCapacity})` : what;
}

export function scalingPolicySet(p: ScalingPolicySettings, done: Done<{ previousTarget?: number }>): string {
  const parts = [`policy ${p.name}: ${PRESET_INFO[p.preset].short} ${moved("target", done.value?.previousTarget, p.targetValue)}`];
  if (p.scaleOutCooldown !== undefined) parts.push(`scale-out cooldown ${p.scaleOutCooldown} s`);
  if (p.scaleInCooldown !== undefined) parts.push(`scale-in cooldown ${p.scaleInCooldown} s`);
  if (p.disableScaleIn) parts.push("scale-in off");
  return parts.join(", ");
}

export function scalingPolicyDeleted(policy: string, done: Done<unknown>): string {
  return `${done.result === "ok" ? "deleted" : "delete"} policy ${policy}`;
}

export function scheduledActionSet(a: ScheduledActionInput): string {
  const bounds = [a.minCapacity !== undefined && `min ${a.minCapacity}`, a.maxCapacity !== undefined && `max ${a.maxCapacity}`].filter(Boolean).join(", ");
  return `scheduled action ${a.name}: ${a.schedule}${a.timezone ? ` (${a.timezone})` : ""} → ${bounds}`;
}

export function scheduledActionDeleted(action: string, done: Done<unknown>): string {
  return `${done.result === "ok" ? "deleted" : "delete"} scheduled action ${action}`;
}
