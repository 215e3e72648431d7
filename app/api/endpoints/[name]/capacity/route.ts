import { capacityNdjson } from "@/server/bff/capacity/capacity-ndjson";
import { parseCapacityQuery } from "@/server/bff/capacity/parse-capacity-query";
import { planCapacity } from "@/server/bff/capacity/plan-capacity";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/capacity?range=1h|1d|1w[&target_hit_ratio=&target_p99_ms=&max_instances=] - the capacity plan (NDJSON progress with Accept: application/x-ndjson)
export const GET = withRoute(
  async ({ req, params }) => {
    const query = parseCapacityQuery(req.nextUrl.searchParams);
    const streamed = req.headers.get("accept")?.includes("application/x-ndjson");
    return streamed ? capacityNdjson(params.name, query) : planCapacity(params.name, query);
  },
  { permission: "read", params: endpointParams },
);
