import "server-only";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

import { headKeyFor, targetModel, versionRecordKeyFor } from "@/lib/model-registry";

// The layout is lib/model-registry.ts's; these bind it to an endpoint's location.
export { REGISTRY_DIR, targetModel } from "@/lib/model-registry";

export function artifactKey(loc: ModelDataLocation, model: string, version: number): string {
  return `${loc.prefix}${targetModel(model, version)}`;
}

export function headKey(loc: ModelDataLocation, model: string): string {
  return headKeyFor(loc.prefix, model);
}

export function versionRecordKey(loc: ModelDataLocation, model: string, version: number): string {
  return versionRecordKeyFor(loc.prefix, model, version);
}

/** The model and version of an artifact key this registry made, or a 400 for anything else. */
export function parseArtifactKey(loc: ModelDataLocation, key: string): { model: string; version: number } {
  const rel = key.startsWith(loc.prefix) ? key.slice(loc.prefix.length) : "";
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127})\/v(\d{1,7})\.tar\.gz$/.exec(rel);
  if (!m) throw new ApiError("bad_request", `"${key}" is not a model artifact of this endpoint`);
  return { model: m[1]!, version: Number(m[2]) };
}
