import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z, ZodType } from "zod";
import { can, type Permission, type SessionUser } from "@/lib/roles";
import type { AuditResult } from "@/lib/schemas/audit";
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

/** What a route's audit options see of a call whose input parsed. */
type AuditInput<P extends Schema, Q extends Schema, B extends Schema> = Omit<RouteArgs<P, Q, B>, "req">;

/** How a mutation lands in the audit log, beyond its action's name. Reads are never audited. */
type RouteAudit<P extends Schema, Q extends Schema, B extends Schema, R> = {
  /**
   * Which calls are written: "all" (the default: a change, done, refused or failed); "failures"
   * (refused or failed only: a first step whose success a later step audits, as an upload's
   * start); "refusals" (401/403 only: a call that changes nothing, as an invocation).
   */
  record?: "all" | "failures" | "refusals";
  /** What the change is about, "<endpoint>[/<model>]" (default: the path's name and model). */
  resource?: (input: AuditInput<P, Q, B>) => string | undefined;
  /** What changed, in words, from the input and, when the handler succeeded, its answer. */
  detail?: (input: AuditInput<P, Q, B>, done: { result: AuditResult; value?: R }) => string | undefined;
  /** A result other than the status says (an upload the checker refused is "rejected"); `parsed`: the input was good. */
  result?: (call: { status: number; parsed: boolean }) => AuditResult | undefined;
};

type RouteOptions<P extends Schema, Q extends Schema, B extends Schema, R = unknown> = {
  /** What the caller's role must allow. */
  permission: Permission;
  /** The name the audit log gives this mutation (default: the method). */
  action?: string;
  audit?: RouteAudit<P, Q, B, R>;
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
 * answered as JSON and every error mapped by toErrorResponse. Every mutation lands in the audit
 * log as its `audit` option says (by default every call, refused or not). A handler that returns a
 * Response (e.g. 204) is passed through.
 */
export function withRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, R = unknown>(
  handler: (args: RouteArgs<P, Q, B>) => Promise<R>,
  opts: RouteOptions<P, Q, B, R>,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    const mutation = !READ_METHODS.has(req.method);
    const call: AuditedCall<P, Q, B, R> = {};
    let res: Response;
    try {
      call.user = await sessionUser();
      const user = call.user;
      if (!user) throw new ApiError("unauthorized", "Sign in to use the console");
      const csrf = mutation ? csrfFailure(req) : undefined;
      if (csrf) throw new ApiError("forbidden", `Refused: ${csrf}`);
      if (!can(user.role, opts.permission)) throw new ApiError("forbidden", `Your role (${user.role}) may not do this (${opts.permission})`);
      const args = { req, user, ...(await parseInput(req, ctx, opts)) } as RouteArgs<P, Q, B>;
      call.input = args;
      const result = await handler(args);
      call.value = result;
      res = result instanceof Response ? result : json(result ?? null, opts.status ?? 200);
    } catch (e) {
      const { status, body } = toErrorResponse(e);
      call.reason = body.error.message;
      res = json(body, status);
    }
    if (mutation) await audit(req, ctx, opts, call, res.status);
    return res;
  };
}

/** Params, then query, then body: the body is read only once the path and query are known good. */
async function parseInput(req: NextRequest, ctx: RouteContext | undefined, opts: Pick<RouteOptions<Schema, Schema, Schema>, "params" | "query" | "body" | "maxBodyBytes">) {
  const params: unknown = opts.params ? opts.params.parse((await ctx?.params) ?? {}) : {};
  const query: unknown = opts.query ? opts.query.parse(Object.fromEntries(req.nextUrl.searchParams)) : {};
  const body: unknown = opts.body ? opts.body.parse(await readJson(req, opts.maxBodyBytes)) : undefined;
  return { params, query, body };
}

function json(body: unknown, status: number): Response {
  return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** What the audit line is made of, gathered as the call goes: how far it got decides what is known. */
type AuditedCall<P extends Schema, Q extends Schema, B extends Schema, R> = {
  user?: SessionUser;
  /** Set once the params, query and body parsed. */
  input?: RouteArgs<P, Q, B>;
  /** The handler's answer, once it succeeded. */
  value?: R;
  /** The message the caller got, when refused or failed. */
  reason?: string;
};

async function audit<P extends Schema, Q extends Schema, B extends Schema, R>(
  req: NextRequest,
  ctx: RouteContext | undefined,
  opts: RouteOptions<P, Q, B, R>,
  call: AuditedCall<P, Q, B, R>,
  status: number,
): Promise<void> {
  try {
    const how = opts.audit ?? {};
    const result = how.result?.({ status, parsed: call.input !== undefined }) ?? (status < 400 ? "ok" : status === 401 || status === 403 ? "refused" : "error");
    if (how.record === "refusals" && result !== "refused") return;
    if (how.record === "failures" && result === "ok") return;
    const input = call.input;
    recordAudit({
      actor: call.user?.email ?? "anonymous",
      role: call.user?.role ?? "none",
      action: opts.action ?? req.method,
      target: decodeURIComponent(req.nextUrl.pathname),
      resource: (input && how.resource?.(input)) ?? (await resourceOfPath(ctx)),
      result,
      status,
      detail: input && how.detail?.(input, { result, value: call.value }),
      reason: status < 400 ? undefined : call.reason,
    });
  } catch (e) {
    // The mutation already happened; losing its audit line must not turn it into an error.
    console.error("[audit] could not record", e);
  }
}

/** "<endpoint>[/<model>]" from the path's own segments, known even when the input was refused or did not parse. */
async function resourceOfPath(ctx: RouteContext | undefined): Promise<string> {
  const params = (await ctx?.params) ?? {};
  return [params.name, params.model].filter((p): p is string => typeof p === "string" && p !== "").join("/");
}
