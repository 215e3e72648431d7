import { scalableTargetInput } from "@/lib/schemas/scaling";
import { scalableTargetRemoved, scalableTargetSet } from "@/server/bff/audit/scaling-change-details";
import { deregisterScalableTarget } from "@/server/bff/scaling/deregister-scalable-target";
import { registerScalableTarget } from "@/server/bff/scaling/register-scalable-target";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/scaling/target - register the variant for scaling, or change its min and max
export const PUT = withRoute(async ({ params, body }) => registerScalableTarget(params.name, body), {
  permission: "endpoints:write",
  action: "RegisterScalableTarget",
  audit: { detail: ({ body }, done) => scalableTargetSet(body, done) },
  params: endpointParams,
  body: scalableTargetInput,
});

// DELETE /api/endpoints/[name]/scaling/target - deregister it (its policies and scheduled actions go with it)
export const DELETE = withRoute(async ({ params }) => deregisterScalableTarget(params.name), {
  permission: "endpoints:write",
  action: "DeregisterScalableTarget",
  audit: { detail: (_input, done) => scalableTargetRemoved(done) },
  params: endpointParams,
});
