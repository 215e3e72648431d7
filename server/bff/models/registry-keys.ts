import "server-only";
import { ApiError } from "@/server/bff/api-error";
import type { ModelDataLocation } from "@/server/bff/models/model-data-location";

/**
 * Where the registry keeps things, all under the endpoint's model data prefix:
 *   <prefix><model>/v<N>.tar.gz                        the artifact: the target model "<model>/v<N>.tar.gz"
 *   <prefix>.mme-registry/<model>/model.json           the model's head: versions, aliases (compare-and-swap)
 *   <prefix>.mme-registry/<model>/versions/v<N>.json   one version's immutable record (signature, sha256...)
 * Nothing is ever overwritten in place but the head, and the head only by If-Match.
 */
export const REGISTRY_DIR = ".mme-registry/";

export function targetModel(model: string, version: number): string {
  return `${model}/v${version}.tar.gz`;
}

export function artifactKey(loc: ModelDataLocation, model: string, version: number): string {
  return `${loc.prefix}${targetModel(model, version)}`;
}

export function headKey(loc: ModelDataLocation, model: string): string {
  return `${loc.prefix}${REGISTRY_DIR}${model}/model.json`;
}

export function versionRecordKey(loc: ModelDataLocation, model: string, version: number): string {
  return `${loc.prefix}${REGISTRY_DIR}${model}/versions/v${version}.json`;
}

/** The model and version of an artifact key this registry made, or a 400 for anything else. */
export function parseArtifactKey(loc: ModelDataLocation, key: string): { model: string; version: number } {
  const rel = key.startsWith(loc.prefix) ? key.slice(loc.prefix.length) : "";
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127})\/v(\d{1,7})\.tar\.gz$/.exec(rel);
  if (!m) throw new ApiError("bad_request", `"${key}" is not a model artifact of this endpoint`);
  return { model: m[1]!, version: Number(m[2]) };
}
