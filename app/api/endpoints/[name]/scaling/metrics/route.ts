import { rangeQuery } from "@/lib/schemas/metrics";
import { getScalingMetrics } from "@/server/bff/scaling/get-scaling-metrics";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/scaling/metrics?range=1h|start=&end= - instances over time, the peak per instance, the cold-start inputs
export const GET = withRoute(async ({ params, query }) => getScalingMetrics(params.name, query), { permission: "read", params: endpointParams, query: rangeQuery });
