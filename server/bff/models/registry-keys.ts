import "server-only";
import { headKeyFor, targetModel, versionRecordKeyFor } from "@/lib/model-registry";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

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

