import { rollbackAliasInput } from "@/lib/schemas/alias-release";
import { aliasRolledBack } from "@/server/bff/audit/change-details";
import { rollbackAlias } from "@/server/bff/models/rollback-alias";
import { existingAliasParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/models/[model]/aliases/[alias]/rollback - move the alias back to its previous target
export const POST = withRoute(async ({ params, body, user }) => rollbackAlias(params.name, params.model, params.alias, body, user), {
  permission: "models:write",
  action: "RollbackAlias",
  audit: { detail: ({ params }, done) => aliasRolledBack(params.alias, done) },
  params: existingAliasParams,
  body: rollbackAliasInput,
});
