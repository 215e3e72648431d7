import "server-only";
import { z } from "zod";
import { sageMakerName } from "@/lib/schemas/endpoint";
import { aliasName, aliasReference, modelName, versionNumber } from "@/lib/schemas/model";
import { scalingName } from "@/lib/schemas/scaling";

// The dynamic segments of app/api/endpoints/[name]/..., one schema per depth, for withRoute's `params`.

/** `[name]`: an endpoint. */
export const endpointParams = z.object({ name: sageMakerName });

/** `[name]/models/[model]`. */
export const modelParams = endpointParams.extend({ model: modelName });

/** `[name]/models/[model]/versions/[version]`: the segment is a string, the version a number. */
export const versionParams = modelParams.extend({ version: z.coerce.number().pipe(versionNumber) });

/** `[name]/models/[model]/aliases/[alias]` for setting an alias: a new name must not read as a version. */
export const aliasParams = modelParams.extend({ alias: aliasName });

/** The same path for an alias that exists: one named before the naming rule can still be removed. */
export const existingAliasParams = modelParams.extend({ alias: aliasReference });

/** `[name]/scaling/policies/[policy]`: a scaling policy of the endpoint's variant. */
export const scalingPolicyParams = endpointParams.extend({ policy: scalingName });

/** `[name]/scaling/scheduled-actions/[action]`. */
export const scheduledActionParams = endpointParams.extend({ action: scalingName });
