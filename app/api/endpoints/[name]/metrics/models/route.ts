import { sageMakerName } from "@/lib/schemas/endpoint";
import { modelsSummaryQuery, rangeQuery } from "@/lib/schemas/metrics";
import { withRoute } from "@/server/auth/with-route";
import { getModelsSummary } from "@/server/bff/metrics/get-models-summary";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/metrics/models?models=a,b&range=1h - invocations, p99 latency and hit ratio per model
export const GET = withRoute<{ name: string }>(
  async ({ req, params }) => {
    const q = Object.fromEntries(req.nextUrl.searchParams);
    return getModelsSummary(sageMakerName.parse(params.name), modelsSummaryQuery.parse(q).models, rangeQuery.parse(q));
  },
  { permission: "read" },
);
