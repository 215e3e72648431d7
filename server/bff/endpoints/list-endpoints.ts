import "server-only";
import { paginateListEndpoints } from "@aws-sdk/client-sagemaker";
import type { EndpointRow } from "@/lib/schemas/endpoint-views";
import { sagemakerClient } from "@/server/aws/client-factory";
import { recordObserved } from "@/server/console-store/endpoint-events";

/** Enough for any account: SageMaker's default quota is far below it. */
const MAX_ENDPOINTS = 2000;

/** All endpoints of the account and region, newest first, every page followed. */
export async function listEndpoints(): Promise<EndpointRow[]> {
  const rows: EndpointRow[] = [];
  for await (const page of paginateListEndpoints({ client: sagemakerClient(), pageSize: 100 }, { SortBy: "CreationTime", SortOrder: "Descending" })) {
    for (const e of page.Endpoints ?? []) {
      rows.push({
        name: e.EndpointName!,
        arn: e.EndpointArn!,
        status: e.EndpointStatus!,
        creationTime: e.CreationTime!.toISOString(),
        lastModifiedTime: e.LastModifiedTime!.toISOString(),
      });
    }
    if (rows.length >= MAX_ENDPOINTS) break;
  }
  recordObserved(rows.map((r) => ({ name: r.name, status: r.status })));
  return rows;
}
