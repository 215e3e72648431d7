import { modelsSummaryQuery, rangeQuery } from "@/lib/schemas/metrics";
import { getModelsSummary } from "@/server/bff/metrics/get-models-summary";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

/** Both read the same query string, each its own keys: `models=a,b` and the range. */
const query = modelsSummaryQuery.and(rangeQuery);

// GET /api/endpoints/[name]/metrics/models?models=a,b&range=1h - invocations, p99 latency and hit ratio per model
export const GET = withRoute(async ({ params, query }) => getModelsSummary(params.name, query.models, query), {
  permission: "read",
  params: endpointParams,
  query,
});
