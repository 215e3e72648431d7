import { scheduledActionDeleted } from "@/server/bff/audit/scaling-change-details";
import { deleteScheduledAction } from "@/server/bff/scaling/delete-scheduled-action";
import { scheduledActionParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// DELETE /api/endpoints/[name]/scaling/scheduled-actions/[action] - delete a scheduled action
export const DELETE = withRoute(async ({ params }) => deleteScheduledAction(params.name, params.action), {
  permission: "endpoints:write",
  action: "DeleteScheduledAction",
  audit: { detail: ({ params }, done) => scheduledActionDeleted(params.action, done) },
  params: scheduledActionParams,
});
