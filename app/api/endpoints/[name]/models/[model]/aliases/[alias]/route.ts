import { z } from "zod";
import { sageMakerName } from "@/lib/schemas/endpoint";
import { aliasName, modelName, versionNumber } from "@/lib/schemas/model";
import { readJson, withRoute } from "@/server/auth/with-route";
import { deleteAlias, setAlias } from "@/server/bff/models/set-alias";

export const dynamic = "force-dynamic";
type Params = { name: string; model: string; alias: string };

// PUT /api/endpoints/[name]/models/[model]/aliases/[alias] - point the alias at a version (or move it)
export const PUT = withRoute<Params>(
  async ({ req, params, user }) => {
    const { version } = z.object({ version: versionNumber }).parse(await readJson(req));
    return setAlias(sageMakerName.parse(params.name), modelName.parse(params.model), aliasName.parse(params.alias), version, user.email);
  },
  { permission: "models:write", action: "SetAlias" },
);

// DELETE /api/endpoints/[name]/models/[model]/aliases/[alias] - remove the alias
export const DELETE = withRoute<Params>(
  async ({ params, user }) => deleteAlias(sageMakerName.parse(params.name), modelName.parse(params.model), aliasName.parse(params.alias), user.email),
  { permission: "models:write", action: "DeleteAlias" },
);
