import "server-only";
import { capacityQuery, type CapacityQuery } from "@/lib/schemas/capacity";
import { ApiError } from "@/server/route/api-error";

/**
 * The capacity query, parsed here rather than by withRoute: withRoute answers a schema's error as
 * 422, and pipelines calling this route expect a bad parameter to be a 400, in a sentence that
 * names it ("target_hit_ratio must be from 0 to 1"), every problem listed in `details`.
 */
export function parseCapacityQuery(params: URLSearchParams): CapacityQuery {
  const parsed = capacityQuery.safeParse(Object.fromEntries(params));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new ApiError("bad_request", issues.map((i) => i.message).join("; "), { issues });
}
