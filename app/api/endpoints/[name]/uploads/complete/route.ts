import { completeUploadInput } from "@/lib/schemas/model";
import { completeUpload } from "@/server/bff/models/complete-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/complete - complete the upload, verify the package, record the version
export const POST = withRoute(async ({ params, body, user }) => completeUpload(params.name, body, user.email), {
  permission: "models:write",
  action: "CompleteUpload",
  params: endpointParams,
  body: completeUploadInput,
});
