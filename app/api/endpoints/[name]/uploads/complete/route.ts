import { sageMakerName } from "@/lib/schemas/endpoint";
import { completeUploadInput } from "@/lib/schemas/model";
import { readJson, withRoute } from "@/server/auth/with-route";
import { completeUpload } from "@/server/bff/models/complete-upload";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/complete - complete the upload, verify the package, record the version
export const POST = withRoute<{ name: string }>(
  async ({ req, params, user }) => completeUpload(sageMakerName.parse(params.name), completeUploadInput.parse(await readJson(req)), user.email),
  { permission: "models:write", action: "CompleteUpload" },
);
