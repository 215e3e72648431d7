import { canaryDecisionInput, canaryInput } from "@/lib/schemas/alias-release";
import { canaryAborted, canaryStarted } from "@/server/bff/audit/change-details";
import { abortCanary, startCanary } from "@/server/bff/models/alias-canary";
import { existingAliasParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// PUT /api/endpoints/[name]/models/[model]/aliases/[alias]/canary - send weight % of the alias's requests to another verified version
export const PUT = withRoute(async ({ params, body, user }) => startCanary(params.name, params.model, params.alias, body, user), {
  permission: "models:write",
  action: "StartCanary",
  audit: { detail: ({ params, body }, done) => canaryStarted(params.alias, body, done) },
  params: existingAliasParams,
  body: canaryInput,
});

// DELETE /api/endpoints/[name]/models/[model]/aliases/[alias]/canary - abort the canary: the alias's own version takes everything again
export const DELETE = withRoute(async ({ params, body, user }) => abortCanary(params.name, params.model, params.alias, body, user), {
  permission: "models:write",
  action: "AbortCanary",
  audit: { detail: ({ params }, done) => canaryAborted(params.alias, done) },
  params: existingAliasParams,
  body: canaryDecisionInput,
});
