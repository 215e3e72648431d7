import { chartsQuery, rangeQuery } from "@/lib/schemas/metrics";
import { getEndpointMetrics } from "@/server/bff/metrics/get-endpoint-metrics";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

/** Both read the same query string, each its own keys: the range and `charts=a,b`. */
const query = rangeQuery.and(chartsQuery);

// GET /api/endpoints/[name]/metrics?range=1h|start=&end=[&charts=] - the endpoint dashboard's series
export const GET = withRoute(async ({ params, query }) => getEndpointMetrics(params.name, query, query.charts), {
  permission: "read",
  params: endpointParams,
  query,
});
