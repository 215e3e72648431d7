import "server-only";
import { z } from "zod";
import { sageMakerName } from "@/lib/schemas/endpoint";
import { aliasName, modelName, versionNumber } from "@/lib/schemas/model";

// The dynamic segments of app/api/endpoints/[name]/..., one schema per depth, for withRoute's `params`.

/** `[name]`: an endpoint. */
export const endpointParams = z.object({ name: sageMakerName });

/** `[name]/models/[model]`. */
export const modelParams = endpointParams.extend({ model: modelName });

/** `[name]/models/[model]/versions/[version]`: the segment is a string, the version a number. */
export const versionParams = modelParams.extend({ version: z.coerce.number().pipe(versionNumber) });

/** `[name]/models/[model]/aliases/[alias]`. */
export const aliasParams = modelParams.extend({ alias: aliasName });
