import { startUploadInput } from "@/lib/schemas/model";
import { startUpload } from "@/server/bff/models/start-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads - reserve a model's next version and open its multipart upload
export const POST = withRoute(async ({ params, body, user }) => startUpload(params.name, body, user.email), {
  permission: "models:write",
  action: "StartUpload",
  status: 201,
  params: endpointParams,
  body: startUploadInput,
});
