import { getScaling } from "@/server/bff/scaling/get-scaling";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/scaling - the variant's scalable target, policies, scheduled actions and newest activities
export const GET = withRoute(async ({ params }) => getScaling(params.name), { permission: "read", params: endpointParams });
