import { z } from "zod";
import { sageMakerName } from "@/lib/schemas/endpoint";
import { modelName, versionNumber } from "@/lib/schemas/model";
import { withRoute } from "@/server/auth/with-route";
import { deleteVersion } from "@/server/bff/models/delete-version";

export const dynamic = "force-dynamic";

// DELETE /api/endpoints/[name]/models/[model]/versions/[version] - delete a version no alias points at
export const DELETE = withRoute<{ name: string; model: string; version: string }>(
  async ({ params }) => deleteVersion(sageMakerName.parse(params.name), modelName.parse(params.model), z.coerce.number().pipe(versionNumber).parse(params.version)),
  { permission: "models:write", action: "DeleteVersion" },
);
