import "server-only";
import { z } from "zod";
import type { ModelDataLocation } from "@/server/bff/models/model-data-location";
import { versionRecordKey } from "@/server/bff/models/registry-keys";
import { getJson } from "@/server/bff/models/s3-json";

const tensor = z.object({ name: z.string(), dataType: z.string(), dims: z.array(z.number()) });

/** One version's immutable record, written once (If-None-Match: *) when its upload is verified. */
export const versionRecord = z.object({
  model: z.string(),
  version: z.number().int(),
  targetModel: z.string(),
  size: z.number(),
  etag: z.string(),
  sha256: z.string(),
  framework: z.string(),
  platform: z.string().optional(),
  backend: z.string().optional(),
  maxBatchSize: z.number(),
  inputs: z.array(tensor),
  outputs: z.array(tensor),
  tritonVersions: z.array(z.number()),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  notes: z.string().optional(),
});
export type VersionRecord = z.infer<typeof versionRecord>;

export async function readVersionRecord(loc: ModelDataLocation, model: string, version: number): Promise<VersionRecord | undefined> {
  return (await getJson(loc.bucket, versionRecordKey(loc, model, version), versionRecord))?.value;
}
