import { sageMakerName } from "@/lib/schemas/endpoint";
import { rangeQuery } from "@/lib/schemas/metrics";
import { modelName } from "@/lib/schemas/model";
import { withRoute } from "@/server/auth/with-route";
import { getModelMetrics } from "@/server/bff/metrics/get-model-metrics";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/models/[model]/metrics?range=1h - one model's series, per version and all together
export const GET = withRoute<{ name: string; model: string }>(
  async ({ req, params }) =>
    getModelMetrics(sageMakerName.parse(params.name), modelName.parse(params.model), rangeQuery.parse(Object.fromEntries(req.nextUrl.searchParams))),
  { permission: "read" },
);
