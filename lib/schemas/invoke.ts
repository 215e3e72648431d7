import { z } from "zod";
import { aliasReference, modelName, versionNumber } from "@/lib/schemas/model";

/** SageMaker's InvokeEndpoint payload limit; the console's invoke route accepts as much. */
export const MAX_INVOKE_BYTES = 6 * 1024 * 1024;

const v2Input = z.object({
  name: z.string().min(1).max(256),
  shape: z.array(z.number().int().min(0)).max(16),
  datatype: z.string().max(16),
  data: z.array(z.unknown()),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** A KServe v2 inference request, as the playground builds it. */
export const v2Request = z.object({
  id: z.string().max(128).optional(),
  inputs: z.array(v2Input).min(1).max(64),
  outputs: z.array(z.object({ name: z.string().max(256), parameters: z.record(z.string(), z.unknown()).optional() })).max(64).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type V2Request = z.infer<typeof v2Request>;

/** Which version to invoke: a number, or an alias resolved to one at invoke time. */
export const invokeInput = z
  .object({ model: modelName, version: versionNumber.optional(), alias: aliasReference.optional(), request: v2Request })
  .refine((i) => (i.version === undefined) !== (i.alias === undefined), "Give a version or an alias, not both");
export type InvokeInput = z.infer<typeof invokeInput>;

export type V2Output = { name: string; datatype: string; shape: number[]; data: unknown[] };

export type InvokeResultView = {
  model: string;
  version: number;
  alias?: string;
  /** true: the alias's canary took this request (`version` is the canary's); absent: the alias's own version did. */
  canary?: boolean;
  targetModel: string;
  roundTripMs: number;
  /** true: this request loaded the model; false: it was resident; undefined: the backend does not say (AWS). */
  coldLoad?: boolean;
  invokedVariant?: string;
  outputs: V2Output[];
};
