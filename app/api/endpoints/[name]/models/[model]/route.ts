import { sageMakerName } from "@/lib/schemas/endpoint";
import { modelName } from "@/lib/schemas/model";
import { withRoute } from "@/server/auth/with-route";
import { getModel } from "@/server/bff/models/get-model";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/models/[model] - a model's versions, aliases and signature
export const GET = withRoute<{ name: string; model: string }>(
  async ({ params }) => getModel(sageMakerName.parse(params.name), modelName.parse(params.model)),
  { permission: "read" },
);
