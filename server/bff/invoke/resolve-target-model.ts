import "server-only";
import { randomInt } from "node:crypto";
import { readHead } from "@/server/bff/models/model-head";
import { targetModel } from "@/server/bff/models/registry-keys";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * The target model to send for a version or an alias. Aliases are read from the model's head on
 * every call, so moving an alias takes effect at once and never serves the old version's weights
 * (each version has its own key, so MME's name-keyed cache cannot mix them up). An alias with a
 * canary sends each request to the canary's version with probability weight/100, drawn afresh per
 * request (`canary: true` then), else to its own version.
 */
export async function resolveTargetModel(loc: ModelDataLocation, model: string, ref: { version?: number; alias?: string }) {
  const head = (await readHead(loc, model))?.value;
  if (!head) throw new ApiError("not_found", `Model "${model}" does not exist on endpoint "${loc.endpoint}"`);
  const canary = ref.alias !== undefined ? head.canaries[ref.alias] : undefined;
  const toCanary = canary !== undefined && head.aliases[ref.alias!] !== undefined && randomInt(100) < canary.weight;
  const version = toCanary ? canary.version : ref.alias !== undefined ? head.aliases[ref.alias] : ref.version;
  if (version === undefined) throw new ApiError("not_found", `Model "${model}" has no alias "${ref.alias}"`);
  if (head.versions[version]?.state !== "ready") throw new ApiError("not_found", `Model "${model}" has no ready version ${version}`);
  return { version, targetModel: targetModel(model, version), ...(toCanary ? { canary: true } : {}) };
}
