import { z } from "zod";
import { listModels } from "@/server/bff/models/list-models";
import { endpointParams } from "@/server/route/path-params";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

const query = z.object({
  search: z.string().max(128).regex(/^[a-zA-Z0-9_.-]*$/).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// GET /api/endpoints/[name]/models - a page of the endpoint's models with latest version and aliases
export const GET = withRoute(async ({ params, query }) => listModels(params.name, query), { permission: "read", params: endpointParams, query });
