import { signPartsInput } from "@/lib/schemas/model";
import { signUploadParts } from "@/server/bff/models/sign-upload-parts";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/parts - presigned URLs for the next parts of an upload
export const POST = withRoute(async ({ params, body }) => signUploadParts(params.name, body), {
  permission: "models:write",
  action: "SignUploadParts",
  // Presigning parts changes nothing (the upload is audited when it ends): only refusals are kept.
  audit: { record: "refusals" },
  params: endpointParams,
  body: signPartsInput,
});
