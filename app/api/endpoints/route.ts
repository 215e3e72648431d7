import { createEndpointInput } from "@/lib/schemas/endpoint";
import { endpointCreated } from "@/server/bff/audit/change-details";
import { createMmeEndpoint } from "@/server/bff/endpoints/create-mme-endpoint";
import { listEndpoints } from "@/server/bff/endpoints/list-endpoints";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/endpoints - every endpoint of the account and region
export const GET = withRoute(async () => ({ endpoints: await listEndpoints() }), { permission: "read" });

// POST /api/endpoints - create a GPU multi-model endpoint (model, config and endpoint in one step)
export const POST = withRoute(async ({ body, user }) => createMmeEndpoint(body, user.email), {
  permission: "endpoints:write",
  action: "CreateEndpoint",
  audit: { resource: ({ body }) => body.name, detail: ({ body }, done) => endpointCreated(body, done) },
  status: 201,
  body: createEndpointInput,
});
