import { endpointSummariesQuery } from "@/lib/schemas/endpoint-summary";
import { summarizeEndpoints } from "@/server/bff/endpoints/summarize-endpoints";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoint-summaries?names=a,b - instances, model count, 24 h invocations and failure reason of a page of the list
// (its own path: under /api/endpoints/ it would shadow an endpoint of that name)
export const GET = withRoute(async ({ query }) => summarizeEndpoints(query.names), { permission: "read", query: endpointSummariesQuery });
