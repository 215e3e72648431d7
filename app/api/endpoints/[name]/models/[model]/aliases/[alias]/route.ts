import { z } from "zod";
import { versionNumber } from "@/lib/schemas/model";
import { aliasDeleted, aliasSet } from "@/server/bff/audit/change-details";
import { deleteAlias, setAlias } from "@/server/bff/models/set-alias";
import { aliasParams, existingAliasParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/models/[model]/aliases/[alias] - point the alias at a version (or move it)
export const PUT = withRoute(async ({ params, body, user }) => setAlias(params.name, params.model, params.alias, body.version, user.email), {
  permission: "models:write",
  action: "SetAlias",
  audit: { detail: ({ params, body }, done) => aliasSet(params.alias, body.version, done) },
  params: aliasParams,
  body: z.object({ version: versionNumber }),
});

// DELETE /api/endpoints/[name]/models/[model]/aliases/[alias] - remove the alias
export const DELETE = withRoute(async ({ params, user }) => deleteAlias(params.name, params.model, params.alias, user.email), {
  permission: "models:write",
  action: "DeleteAlias",
  audit: { detail: ({ params }, done) => aliasDeleted(params.alias, done) },
  params: existingAliasParams,
});
