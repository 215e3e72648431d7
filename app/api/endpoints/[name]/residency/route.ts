import { getResidency } from "@/server/bff/metrics/get-residency";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/residency - the models each instance holds now (local engine; on AWS, why not)
export const GET = withRoute(async ({ params }) => getResidency(params.name), { permission: "read", params: endpointParams });
