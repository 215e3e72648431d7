import { invokeInput, MAX_INVOKE_BYTES } from "@/lib/schemas/invoke";
import { invokeModel } from "@/server/bff/invoke/invoke-model";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/invoke - invoke a version or alias of a model with a KServe v2 request
export const POST = withRoute(async ({ params, body }) => invokeModel(params.name, body), {
  permission: "invoke",
  action: "InvokeEndpoint",
  // An invocation changes nothing: only a refused one (sign-in, CSRF, role) is worth an audit line.
  audit: { record: "refusals" },
  params: endpointParams,
  body: invokeInput,
  maxBodyBytes: MAX_INVOKE_BYTES,
});
