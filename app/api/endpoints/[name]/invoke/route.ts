import { sageMakerName } from "@/lib/schemas/endpoint";
import { invokeInput, MAX_INVOKE_BYTES } from "@/lib/schemas/invoke";
import { readJson, withRoute } from "@/server/auth/with-route";
import { invokeModel } from "@/server/bff/invoke/invoke-model";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/invoke - invoke a version or alias of a model with a KServe v2 request
export const POST = withRoute<{ name: string }>(
  async ({ req, params }) => invokeModel(sageMakerName.parse(params.name), invokeInput.parse(await readJson(req, MAX_INVOKE_BYTES))),
  { permission: "invoke", action: "InvokeEndpoint" },
);
