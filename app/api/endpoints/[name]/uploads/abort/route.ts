import { abortUploadInput } from "@/lib/schemas/model";
import { uploadAborted, uploadResource } from "@/server/bff/audit/change-details";
import { abortUpload } from "@/server/bff/models/abort-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/abort - cancel an upload and release its reserved version
export const POST = withRoute(async ({ params, body }) => abortUpload(params.name, body), {
  permission: "models:write",
  action: "UploadModel",
  audit: {
    resource: ({ params, body }) => uploadResource(params.name, body.key),
    result: ({ status }) => (status < 400 ? "aborted" : undefined),
    detail: ({ body }, done) => uploadAborted(body.key, done),
  },
  params: endpointParams,
  body: abortUploadInput,
});
