import { rangeQuery } from "@/lib/schemas/metrics";
import { getModelMetrics } from "@/server/bff/metrics/get-model-metrics";
import { modelParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/models/[model]/metrics?range=1h - one model's series, per version and all together
export const GET = withRoute(async ({ params, query }) => getModelMetrics(params.name, params.model, query), {
  permission: "read",
  params: modelParams,
  query: rangeQuery,
});
