import { deleteEndpointInput, sageMakerName, updateInstanceCountInput } from "@/lib/schemas/endpoint";
import { readJson, withRoute } from "@/server/auth/with-route";
import { deleteEndpoint } from "@/server/bff/endpoints/delete-endpoint";
import { getEndpoint } from "@/server/bff/endpoints/get-endpoint";
import { updateInstanceCount } from "@/server/bff/endpoints/update-instance-count";

export const dynamic = "force-dynamic";
type Params = { name: string };

// GET /api/endpoints/[name] - an endpoint with its config, models and history
export const GET = withRoute<Params>(async ({ params }) => getEndpoint(sageMakerName.parse(params.name)), { permission: "read" });

// PATCH /api/endpoints/[name] - change the instance count (a new endpoint config, then UpdateEndpoint)
export const PATCH = withRoute<Params>(
  async ({ req, params, user }) => {
    const { instanceCount } = updateInstanceCountInput.parse(await readJson(req));
    return updateInstanceCount(sageMakerName.parse(params.name), instanceCount, user.email);
  },
  { permission: "endpoints:write", action: "UpdateEndpoint" },
);

// DELETE /api/endpoints/[name] - delete the endpoint, and by default the configs and model made for it
export const DELETE = withRoute<Params>(
  async ({ req, params, user }) => {
    const { deleteResources } = deleteEndpointInput.parse(await readJson(req));
    return deleteEndpoint(sageMakerName.parse(params.name), deleteResources, user.email);
  },
  { permission: "endpoints:write", action: "DeleteEndpoint" },
);
