import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { can, type Permission, type SessionUser } from "@/lib/roles";
import { csrfFailure } from "@/server/auth/verify-csrf";
import { sessionUser } from "@/server/auth/session-user";
import { ApiError, toErrorResponse } from "@/server/bff/api-error";
import { recordAudit } from "@/server/console-store/audit-log";

/** Largest JSON body any console route accepts; uploads go straight to S3, never through here. */
const MAX_JSON_BYTES = 64 * 1024;
const READ_METHODS = new Set(["GET", "HEAD"]);

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: NextRequest; params: P; user: SessionUser }) => Promise<unknown>;
type RouteOptions = {
  /** What the caller's role must allow. */
  permission: Permission;
  /** The name the audit log gives this mutation (default: method and path). */
  action?: string;
  status?: number;
};

/**
 * The one wrapper every route handler goes through, in this order: a session with a role
 * (else 401), CSRF for mutations (else 403), the permission (else 403), then the handler, its
 * result answered as JSON and every error mapped by toErrorResponse. Every mutation, refused or
 * not, lands in the audit log. A handler that returns a Response (e.g. 204) is passed through.
 */
export function withRoute<P = Record<string, never>>(handler: Handler<P>, opts: RouteOptions) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    const mutation = !READ_METHODS.has(req.method);
    let user: SessionUser | undefined;
    let res: Response;
    try {
      user = await sessionUser();
      if (!user) throw new ApiError("unauthorized", "Sign in to use the console");
      const csrf = mutation ? csrfFailure(req) : undefined;
      if (csrf) throw new ApiError("forbidden", `Refused: ${csrf}`);
      if (!can(user.role, opts.permission)) throw new ApiError("forbidden", `Your role (${user.role}) may not do this (${opts.permission})`);
      const params = (await ctx?.params) ?? ({} as P);
      const result = await handler({ req, params, user });
      res = result instanceof Response ? result : json(result ?? null, opts.status ?? 200);
    } catch (e) {
      const { status, body } = toErrorResponse(e);
      res = json(body, status);
    }
    if (mutation) audit(req, user, opts, res.status);
    return res;
  };
}

function json(body: unknown, status: number): Response {
  return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
}

function audit(req: NextRequest, user: SessionUser | undefined, opts: RouteOptions, status: number): void {
  try {
    recordAudit({
      actor: user?.email ?? "anonymous",
      role: user?.role ?? "none",
      action: opts.action ?? req.method,
      target: decodeURIComponent(req.nextUrl.pathname),
      result: status < 400 ? "ok" : status === 401 || status === 403 ? "refused" : "error",
      status,
    });
  } catch (e) {
    // The mutation already happened; losing its audit line must not turn it into an error.
    console.error("[audit] could not record", e);
  }
}

/** Reads a JSON body with a size cap (64 KiB unless the route says more); bad JSON is the caller's error. */
export async function readJson(req: NextRequest, maxBytes: number = MAX_JSON_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("payload_too_large", `Request body over ${maxBytes} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError("payload_too_large", `Request body over ${maxBytes} bytes`);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
}
