import { getEngineCapabilities } from "@/server/bff/capabilities/get-engine-capabilities";
import { withRoute } from "@/server/route/with-route";

export const dynamic = "force-dynamic";

// GET /api/engine/capabilities - which model runtimes the backend has (local engine: PyTorch found or not, and why)
export const GET = withRoute(async () => getEngineCapabilities(), { permission: "read" });
