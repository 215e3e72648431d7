import { scalingPolicyDeleted } from "@/server/bff/audit/scaling-change-details";
import { deleteScalingPolicy } from "@/server/bff/scaling/delete-scaling-policy";
import { scalingPolicyParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// DELETE /api/endpoints/[name]/scaling/policies/[policy] - delete a scaling policy
export const DELETE = withRoute(async ({ params }) => deleteScalingPolicy(params.name, params.policy), {
  permission: "endpoints:write",
  action: "DeleteScalingPolicy",
  audit: { detail: ({ params }, done) => scalingPolicyDeleted(params.policy, done) },
  params: scalingPolicyParams,
});
