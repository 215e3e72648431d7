import { scheduledActionInput } from "@/lib/schemas/scaling";
import { scheduledActionSet } from "@/server/bff/audit/scaling-change-details";
import { putScheduledAction } from "@/server/bff/scaling/put-scheduled-action";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/scaling/scheduled-actions - create or replace a scheduled action (by name)
export const PUT = withRoute(async ({ params, body }) => putScheduledAction(params.name, body), {
  permission: "endpoints:write",
  action: "PutScheduledAction",
  audit: { detail: ({ body }) => scheduledActionSet(body) },
  params: endpointParams,
  body: scheduledActionInput,
});
