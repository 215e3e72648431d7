import { deleteEndpointInput, updateInstanceCountInput } from "@/lib/schemas/endpoint";
import { endpointDeleted, instancesChanged } from "@/server/bff/audit/change-details";
import { deleteEndpoint } from "@/server/bff/endpoints/delete-endpoint";
import { getEndpoint } from "@/server/bff/endpoints/get-endpoint";
import { updateInstanceCount } from "@/server/bff/endpoints/update-instance-count";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name] - an endpoint with its config, models and history
export const GET = withRoute(async ({ params }) => getEndpoint(params.name), { permission: "read", params: endpointParams });

// PATCH /api/endpoints/[name] - change the instance count (a new endpoint config, then UpdateEndpoint)
export const PATCH = withRoute(async ({ params, body, user }) => updateInstanceCount(params.name, body.instanceCount, user.email), {
  permission: "endpoints:write",
  action: "UpdateEndpoint",
  audit: { detail: ({ body }, done) => instancesChanged(body.instanceCount, done) },
  params: endpointParams,
  body: updateInstanceCountInput,
});

// DELETE /api/endpoints/[name] - delete the endpoint, and by default the configs and model made for it (an empty body is {})
export const DELETE = withRoute(async ({ params, body, user }) => deleteEndpoint(params.name, body.deleteResources, user.email), {
  permission: "endpoints:write",
  action: "DeleteEndpoint",
  audit: { detail: ({ params, body }, done) => endpointDeleted(params.name, body.deleteResources, done) },
  params: endpointParams,
  body: deleteEndpointInput,
});
