import { canaryDecisionInput } from "@/lib/schemas/alias-release";
import { canaryPromoted } from "@/server/bff/audit/change-details";
import { promoteCanary } from "@/server/bff/models/alias-canary";
import { existingAliasParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// POST /api/endpoints/[name]/models/[model]/aliases/[alias]/canary/promote - move the alias to its canary's version
export const POST = withRoute(async ({ params, body, user }) => promoteCanary(params.name, params.model, params.alias, body, user), {
  permission: "models:write",
  action: "PromoteCanary",
  audit: { detail: ({ params }, done) => canaryPromoted(params.alias, done) },
  params: existingAliasParams,
  body: canaryDecisionInput,
});
