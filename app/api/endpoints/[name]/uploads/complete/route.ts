import { completeUploadInput } from "@/lib/schemas/model";
import { uploadCompleted, uploadResource } from "@/server/bff/audit/change-details";
import { completeUpload } from "@/server/bff/models/complete-upload";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/complete - complete the upload, verify the package, record the version
export const POST = withRoute(async ({ params, body, user }) => completeUpload(params.name, body, user.email), {
  permission: "models:write",
  action: "UploadModel",
  audit: {
    resource: ({ params, body }) => uploadResource(params.name, body.key),
    // The handler's only 422 is the package checker's refusal (a 422 of the input has parsed: false).
    result: ({ status, parsed }) => (parsed && status === 422 ? "rejected" : undefined),
    detail: ({ body }, done) => uploadCompleted(body.key, done),
  },
  params: endpointParams,
  body: completeUploadInput,
});
