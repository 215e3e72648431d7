import { versionDeleted } from "@/server/bff/audit/change-details";
import { deleteVersion } from "@/server/bff/models/delete-version";
import { versionParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// DELETE /api/endpoints/[name]/models/[model]/versions/[version] - delete a version no alias points at
export const DELETE = withRoute(async ({ params }) => deleteVersion(params.name, params.model, params.version), {
  permission: "models:write",
  action: "DeleteVersion",
  audit: { detail: ({ params }, done) => versionDeleted(params.version, done) },
  params: versionParams,
});
