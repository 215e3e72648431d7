import { sageMakerName } from "@/lib/schemas/endpoint";
import { startUploadInput } from "@/lib/schemas/model";
import { readJson, withRoute } from "@/server/auth/with-route";
import { startUpload } from "@/server/bff/models/start-upload";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads - reserve a model's next version and open its multipart upload
export const POST = withRoute<{ name: string }>(
  async ({ req, params, user }) => startUpload(sageMakerName.parse(params.name), startUploadInput.parse(await readJson(req)), user.email),
  { permission: "models:write", action: "StartUpload", status: 201 },
);
