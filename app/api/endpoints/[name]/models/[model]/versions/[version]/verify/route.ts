import { versionVerified } from "@/server/bff/audit/verification-detail";
import { verifyVersion } from "@/server/bff/models/verify-version";
import { versionParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/models/[model]/versions/[version]/verify - load and invoke the version on its endpoint again
export const POST = withRoute(async ({ params }) => verifyVersion(params.name, params.model, params.version), {
  permission: "models:write",
  action: "VerifyVersion",
  audit: { detail: ({ params }, done) => versionVerified(params.version, done) },
  params: versionParams,
});
