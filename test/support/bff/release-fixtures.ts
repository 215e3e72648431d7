import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/roles";
import type { InvokeInput } from "@/lib/schemas/invoke";

// What the release tests share: who calls, onnx-add's request, and calling a route handler as Next does.
export const ADMIN: SessionUser = { email: "admin@example.com", role: "admin" };
export const VIEWER: SessionUser = { email: "viewer@example.com", role: "viewer" };

/** onnx-add: OUTPUT0 = INPUT0 + INPUT1. */
export const ADD_REQUEST: InvokeInput["request"] = {
  inputs: [
    { name: "INPUT0", shape: [1, 4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [1, 4], datatype: "FP32", data: [10, 20, 30, 40] },
  ],
};


type Route = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls an app/api route handler with a JSON body and the CSRF pair a browser sends; the session is the test's stub. */
export async function callRoute(route: Route, method: string, path: string, params: Record<string, string>, body?: unknown) {
  const req = new NextRequest(new URL(path, "http://console.test"), {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { cookie: "mme.csrf=token-1", "x-mme-csrf": "token-1", "content-type": "application/json" },
  });
  const res = await route(req, { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } } };
}
