import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z, ZodType } from "zod";
import { can, type Permission, type SessionUser } from "@/lib/roles";
import { csrfFailure } from "@/server/auth/verify-csrf";
import { sessionUser } from "@/server/auth/session-user";
import { recordAudit } from "@/server/console-store/audit-log";
import { ApiError, toErrorResponse } from "@/server/route/api-error";
import { readJson } from "@/server/route/read-json";

const READ_METHODS = new Set(["GET", "HEAD"]);

type Schema = ZodType | undefined;
/** What a schema parses to; what the handler gets when the route declares none. */
type Parsed<S extends Schema, Else> = S extends ZodType ? z.output<S> : Else;
type Nothing = Record<never, never>;

/** Next passes the path's dynamic segments as strings (catch-all segments as arrays). */
type RouteContext = { params: Promise<Record<string, string | string[]>> };

type RouteArgs<P extends Schema, Q extends Schema, B extends Schema> = {
  req: NextRequest;
  user: SessionUser;
  params: Parsed<P, Nothing>;
  query: Parsed<Q, Nothing>;
  body: Parsed<B, undefined>;
};

type RouteOptions<P extends Schema, Q extends Schema, B extends Schema> = {
  /** What the caller's role must allow. */
  permission: Permission;
  /** The name the audit log gives this mutation (default: the method). */
  action?: string;
  status?: number;
  /** The path's dynamic segments, e.g. `z.object({ name: sageMakerName })`. */
  params?: P;
  /** The query string, as an object of one value per key (`Object.fromEntries`: the last one wins). */
  query?: Q;
  /** The JSON body (an empty body reads as `{}`); a route without one never reads its body. */
  body?: B;
  /** The body's cap in bytes (default 64 KiB). */
  maxBodyBytes?: number;
};

/**
 * The one wrapper every route handler goes through, in this order: a session with a role
 * (else 401), CSRF for mutations (else 403), the permission (else 403), then the route's params,
 * query and body parsed by its schemas (a ZodError is a 422), then the handler, its result
 * answered as JSON and every error mapped by toErrorResponse. Every mutation, refused or not,
 * lands in the audit log. A handler that returns a Response (e.g. 204) is passed through.
 */
export function withRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  handler: (args: RouteArgs<P, Q, B>) => Promise<unknown>,
  opts: RouteOptions<P, Q, B>,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    const mutation = !READ_METHODS.has(req.method);
    let user: SessionUser | undefined;
    let res: Response;
    try {
      user = await sessionUser();
      if (!user) throw new ApiError("unauthorized", "Sign in to use the console");
      const csrf = mutation ? csrfFailure(req) : undefined;
      if (csrf) throw new ApiError("forbidden", `Refused: ${csrf}`);
      if (!can(user.role, opts.permission)) throw new ApiError("forbidden", `Your role (${user.role}) may not do this (${opts.permission})`);
      const args = { req, user, ...(await parseInput(req, ctx, opts)) } as RouteArgs<P, Q, B>;
      const result = await handler(args);
      res = result instanceof Response ? result : json(result ?? null, opts.status ?? 200);
    } catch (e) {
      const { status, body } = toErrorResponse(e);
      res = json(body, status);
    }
    if (mutation) audit(req, user, opts.action, res.status);
    return res;
  };
}

/** Params, then query, then body: the body is read only once the path and query are known good. */
async function parseInput(req: NextRequest, ctx: RouteContext | undefined, opts: RouteOptions<Schema, Schema, Schema>) {
  const params: unknown = opts.params ? opts.params.parse((await ctx?.params) ?? {}) : {};
  const query: unknown = opts.query ? opts.query.parse(Object.fromEntries(req.nextUrl.searchParams)) : {};
  const body: unknown = opts.body ? opts.body.parse(await readJson(req, opts.maxBodyBytes)) : undefined;
  return { params, query, body };
}

function json(body: unknown, status: number): Response {
  return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
}

function audit(req: NextRequest, user: SessionUser | undefined, action: string | undefined, status: number): void {
  try {
    recordAudit({
      actor: user?.email ?? "anonymous",
      role: user?.role ?? "none",
      action: action ?? req.method,
      target: decodeURIComponent(req.nextUrl.pathname),
      result: status < 400 ? "ok" : status === 401 || status === 403 ? "refused" : "error",
      status,
    });
  } catch (e) {
    // The mutation already happened; losing its audit line must not turn it into an error.
    console.error("[audit] could not record", e);
  }
}
