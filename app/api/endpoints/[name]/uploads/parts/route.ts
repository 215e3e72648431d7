import { sageMakerName } from "@/lib/schemas/endpoint";
import { signPartsInput } from "@/lib/schemas/model";
import { readJson, withRoute } from "@/server/auth/with-route";
import { signUploadParts } from "@/server/bff/models/sign-upload-parts";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/parts - presigned URLs for the next parts of an upload
export const POST = withRoute<{ name: string }>(
  async ({ req, params }) => signUploadParts(sageMakerName.parse(params.name), signPartsInput.parse(await readJson(req))),
  { permission: "models:write", action: "SignUploadParts" },
);
