import { getModel } from "@/server/bff/models/get-model";
import { modelParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/models/[model] - a model's versions, aliases and signature
export const GET = withRoute(async ({ params }) => getModel(params.name, params.model), { permission: "read", params: modelParams });
