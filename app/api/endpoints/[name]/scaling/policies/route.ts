import { scalingPolicyInput } from "@/lib/schemas/scaling";
import { scalingPolicySet } from "@/server/bff/audit/scaling-change-details";
import { putScalingPolicy } from "@/server/bff/scaling/put-scaling-policy";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/scaling/policies - create or replace a target-tracking policy (by name)
export const PUT = withRoute(async ({ params, body }) => putScalingPolicy(params.name, body), {
  permission: "endpoints:write",
  action: "PutScalingPolicy",
  audit: { detail: ({ body }, done) => scalingPolicySet(body, done) },
  params: endpointParams,
  body: scalingPolicyInput,
});
