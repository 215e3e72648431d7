import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ApiError, toErrorResponse } from "@/server/bff/api-error";

/** Largest JSON body any console route accepts; uploads go straight to S3, never through here. */
const MAX_JSON_BYTES = 64 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: NextRequest; params: P }) => Promise<unknown>;

/**
 * The one wrapper every route handler goes through: it resolves params, runs the handler,
 * answers its result as JSON and maps every error through toErrorResponse.
 * A handler that returns a Response (e.g. 204) is passed through untouched.
 */
export function withRoute<P = Record<string, never>>(handler: Handler<P>, opts: { status?: number } = {}) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const params = (await ctx?.params) ?? ({} as P);
      const result = await handler({ req, params });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? null, { status: opts.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (e) {
      const { status, body } = toErrorResponse(e);
      return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
    }
  };
}

/** Reads a JSON body with a size cap; bad JSON is the caller's error, not ours. */
export async function readJson(req: NextRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BYTES) throw new ApiError("payload_too_large", `Request body over ${MAX_JSON_BYTES} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError("payload_too_large", `Request body over ${MAX_JSON_BYTES} bytes`);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
}
