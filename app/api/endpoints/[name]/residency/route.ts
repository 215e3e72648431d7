import { sageMakerName } from "@/lib/schemas/endpoint";
import { withRoute } from "@/server/auth/with-route";
import { getResidency } from "@/server/bff/metrics/get-residency";

export const dynamic = "force-dynamic";

// GET /api/endpoints/[name]/residency - the models each instance holds now (local engine; on AWS, why not)
export const GET = withRoute<{ name: string }>(async ({ params }) => getResidency(sageMakerName.parse(params.name)), { permission: "read" });
