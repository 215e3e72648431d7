import { sageMakerName } from "@/lib/schemas/endpoint";
import { chartsQuery, rangeQuery } from "@/lib/schemas/metrics";
import { withRoute } from "@/server/auth/with-route";
import { getEndpointMetrics } from "@/server/bff/metrics/get-endpoint-metrics";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/metrics?range=1h|start=&end=[&charts=] - the endpoint dashboard's series
export const GET = withRoute<{ name: string }>(
  async ({ req, params }) => {
    const q = Object.fromEntries(req.nextUrl.searchParams);
    return getEndpointMetrics(sageMakerName.parse(params.name), rangeQuery.parse(q), chartsQuery.parse(q).charts);
  },
  { permission: "read" },
);
