import "server-only";
import { versionRecord, type VersionRecord } from "@/lib/model-registry";
import { versionRecordKey } from "@/server/bff/models/registry-keys";
import { getJson } from "@/server/bff/models/s3-json";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

export type { VersionRecord };

export async function readVersionRecord(loc: ModelDataLocation, model: string, version: number): Promise<VersionRecord | undefined> {
  return (await getJson(loc.bucket, versionRecordKey(loc, model, version), versionRecord))?.value;
}
