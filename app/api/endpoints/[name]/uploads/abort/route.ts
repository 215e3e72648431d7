import { abortUploadInput } from "@/lib/schemas/model";
import { abortUpload } from "@/server/bff/models/abort-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/abort - cancel an upload and release its reserved version
export const POST = withRoute(async ({ params, body }) => abortUpload(params.name, body), {
  permission: "models:write",
  action: "AbortUpload",
  params: endpointParams,
  body: abortUploadInput,
});
