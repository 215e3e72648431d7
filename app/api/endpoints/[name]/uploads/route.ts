import { startUploadInput } from "@/lib/schemas/model";
import { uploadNotStarted } from "@/server/bff/audit/change-details";
import { startUpload } from "@/server/bff/models/start-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads - reserve a model's next version and open its multipart upload
export const POST = withRoute(async ({ params, body, user }) => startUpload(params.name, body, user.email), {
  permission: "models:write",
  // An upload is one audit line, written when it completes or is aborted; here only a start that failed.
  action: "UploadModel",
  audit: { record: "failures", resource: ({ params, body }) => `${params.name}/${body.model}`, detail: ({ body }) => uploadNotStarted(body.model, body.size) },
  status: 201,
  params: endpointParams,
  body: startUploadInput,
});
