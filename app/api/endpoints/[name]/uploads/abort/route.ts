import { sageMakerName } from "@/lib/schemas/endpoint";
import { abortUploadInput } from "@/lib/schemas/model";
import { readJson, withRoute } from "@/server/auth/with-route";
import { abortUpload } from "@/server/bff/models/abort-upload";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/uploads/abort - cancel an upload and release its reserved version
export const POST = withRoute<{ name: string }>(
  async ({ req, params }) => abortUpload(sageMakerName.parse(params.name), abortUploadInput.parse(await readJson(req))),
  { permission: "models:write", action: "AbortUpload" },
);
