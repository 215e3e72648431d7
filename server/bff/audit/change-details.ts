import "server-only";
import { formatBytes } from "@/lib/format-bytes";
import type { AuditResult } from "@/lib/schemas/audit";

/**
 * The audit log's one line of what a change did, in words, from the route's input and (when it
 * succeeded) its answer. A change that did not happen reads as what was asked ("create endpoint
 * x"), beside its result and reason.
 */
type Done<R> = { result: AuditResult; value?: R };

export function endpointCreated(input: { name: string; instanceType: string; instanceCount: number }, done: Done<unknown>): string {
  return `${done.result === "ok" ? "created" : "create"} endpoint ${input.name} (${input.instanceType} × ${input.instanceCount})`;
}

export function instancesChanged(to: number, done: Done<{ previousInstanceCount?: number }>): string {
  const from = done.value?.previousInstanceCount;
  return from === undefined ? `instances → ${to}` : `instances ${from} → ${to}`;
}

export function endpointDeleted(name: string, deleteResources: boolean, done: Done<unknown>): string {
  return `${done.result === "ok" ? "deleted" : "delete"} endpoint ${name}${deleteResources ? " with its configs and model" : ", keeping its configs and model"}`;
}

const forced = (reason: string | undefined) => (reason ? ` (forced: ${reason})` : "");

/** "production v3 → v4", "production v3 → v4 (forced: <reason>)"; a refused move reads as what was asked. */
export function aliasSet(alias: string, version: number, done: Done<{ previous?: number; forcedReason?: string }>, force?: { reason: string }): string {
  if (!done.value) return `${alias} → v${version}${forced(force?.reason)}`;
  const from = done.value.previous;
  const why = forced(done.value.forcedReason);
  if (from === undefined) return `${alias} → v${version} (new alias)${why}`;
  return from === version ? `${alias} stays v${version}` : `${alias} v${from} → v${version}${why}`;
}

export function aliasRolledBack(alias: string, done: Done<{ version?: number; previous?: number }>): string {
  const v = done.value;
  return v?.version !== undefined && v.previous !== undefined ? `rolled back ${alias} v${v.previous} → v${v.version}` : `roll back ${alias}`;
}

/** "canary production: v4 at 10 % (v3 keeps 90 %)". */
export function canaryStarted(alias: string, input: { version: number; weight: number; force?: { reason: string } }, done: Done<{ version?: number; forcedReason?: string }>): string {
  const own = done.value?.version;
  const keeps = own === undefined ? "" : ` (v${own} keeps ${100 - input.weight} %)`;
  return `canary ${alias}: v${input.version} at ${input.weight} %${keeps}${forced(done.value ? done.value.forcedReason : input.force?.reason)}`;
}

export function canaryPromoted(alias: string, done: Done<{ version?: number; previous?: number }>): string {
  const v = done.value;
  return v?.version !== undefined && v.previous !== undefined ? `promoted canary ${alias} v${v.previous} → v${v.version}` : `promote canary ${alias}`;
}

export function canaryAborted(alias: string, done: Done<{ abortedCanary?: { version: number; weight: number } }>): string {
  const c = done.value?.abortedCanary;
  return c ? `aborted canary ${alias} (v${c.version} at ${c.weight} %)` : `abort canary ${alias}`;
}

export function aliasDeleted(alias: string, done: Done<{ version?: number }>): string {
  const was = done.value?.version;
  return was === undefined ? `remove alias ${alias}` : `removed alias ${alias} (was v${was})`;
}

export function versionDeleted(version: number, done: Done<unknown>): string {
  return `${done.result === "ok" ? "deleted" : "delete"} v${version}`;
}

/** The model and version an upload's key names: the console writes `<prefix><model>/v<N>.tar.gz`. */
export function uploadOf(key: string): { model: string; version: number } | undefined {
  const m = /(?:^|\/)([^/]+)\/v([1-9][0-9]*)\.tar\.gz$/.exec(key);
  return m ? { model: m[1]!, version: Number(m[2]) } : undefined;
}

function uploadName(key: string): string {
  const u = uploadOf(key);
  return u ? `${u.model} v${u.version}` : key;
}

/** A start is audited only when it fails: a started upload is audited once, when it completes or is aborted. */
export function uploadNotStarted(model: string, size: number): string {
  return `upload of ${model} (${formatBytes(size)})`;
}

export function uploadCompleted(key: string, done: Done<{ size?: number }>): string {
  if (done.result === "ok") return `uploaded ${uploadName(key)}${done.value?.size === undefined ? "" : ` (${formatBytes(done.value.size)})`}`;
  if (done.result === "rejected") return `upload of ${uploadName(key)} refused by the checker`;
  return `upload of ${uploadName(key)}`;
}

export function uploadAborted(key: string, done: Done<unknown>): string {
  return done.result === "aborted" ? `aborted upload of ${uploadName(key)}` : `abort upload of ${uploadName(key)}`;
}

/** An upload is about its model: "<endpoint>/<model>". */
export function uploadResource(endpoint: string, key: string): string {
  const u = uploadOf(key);
  return u ? `${endpoint}/${u.model}` : endpoint;
}
