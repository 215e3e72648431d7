import "server-only";
import { ListEndpointsCommand } from "@aws-sdk/client-sagemaker";
import type { HealthView } from "@/lib/schemas/endpoint-views";
import { backendConfig, sagemakerClient } from "@/server/aws/client-factory";
import { toErrorResponse } from "@/server/route/api-error";

/** The console is up; the backend answers if a one-item ListEndpoints succeeds. */
export async function checkHealth(): Promise<HealthView> {
  const { kind, region } = backendConfig();
  try {
    await sagemakerClient().send(new ListEndpointsCommand({ MaxResults: 1 }), { abortSignal: AbortSignal.timeout(3000) });
    return { console: "ok", backend: { kind, region, reachable: true } };
  } catch (e) {
    return { console: "ok", backend: { kind, region, reachable: false, error: toErrorResponse(e).body.error.message } };
  }
}
