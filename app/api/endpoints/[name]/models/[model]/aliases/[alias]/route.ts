import { moveAliasInput } from "@/lib/schemas/alias-release";
import { aliasDeleted, aliasSet } from "@/server/bff/audit/change-details";
import { moveAlias } from "@/server/bff/models/move-alias";
import { deleteAlias } from "@/server/bff/models/set-alias";
import { aliasParams, existingAliasParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/models/[model]/aliases/[alias] - point the alias at a verified version (or move it; an admin may force)
export const PUT = withRoute(async ({ params, body, user }) => moveAlias(params.name, params.model, params.alias, body, user), {
  permission: "models:write",
  action: "SetAlias",
  audit: { detail: ({ params, body }, done) => aliasSet(params.alias, body.version, done, body.force) },
  params: aliasParams,
  body: moveAliasInput,
});

// DELETE /api/endpoints/[name]/models/[model]/aliases/[alias] - remove the alias (and its canary)
export const DELETE = withRoute(async ({ params, user }) => deleteAlias(params.name, params.model, params.alias, user.email), {
  permission: "models:write",
  action: "DeleteAlias",
  audit: { detail: ({ params }, done) => aliasDeleted(params.alias, done) },
  params: existingAliasParams,
});
