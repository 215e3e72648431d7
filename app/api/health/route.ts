import { NextResponse } from "next/server";
import { checkHealth } from "@/server/bff/health";

export const dynamic = "force-dynamic";

// GET /api/health - public: the console is up, and whether its SageMaker backend answers
export async function GET() {
  return NextResponse.json(await checkHealth(), { headers: { "cache-control": "no-store" } });
}
