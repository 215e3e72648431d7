import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { deleteEndpointInput } from "@/lib/schemas/endpoint";
import type { SessionUser } from "@/lib/roles";
import { endpointParams, versionParams } from "@/server/route/path-params";

// withRoute's order and parsing with a real NextRequest; only the session (next-auth) is stubbed.
const session = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-route-"));
process.env.MME_CONSOLE_DATA_DIR = tmp;
const { withRoute } = await import("@/server/route/with-route");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ADMIN: SessionUser = { email: "admin@example.com", role: "admin" };
const VIEWER: SessionUser = { email: "viewer@example.com", role: "viewer" };
const CSRF = { cookie: "mme.csrf=token-1", "x-mme-csrf": "token-1" };

function request(method: string, url: string, opts: { body?: string; headers?: Record<string, string> } = {}) {
  return new NextRequest(new URL(url, "http://console.test"), { method, body: opts.body, headers: { ...CSRF, ...opts.headers } });
}
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
async function answer(res: Response) {
  return { status: res.status, body: await res.json() };
}

beforeEach(() => {
  session.user = ADMIN;
});

describe("withRoute", () => {
  const handler = vi.fn(async (args: unknown) => args);
  const route = withRoute(async ({ params, query, body }) => handler({ params, query, body }), {
    permission: "models:write",
    params: versionParams,
    query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
    body: z.object({ notes: z.string().max(5) }),
    maxBodyBytes: 100,
  });
  beforeEach(() => handler.mockClear());

  it("hands the handler the params, query and body its schemas parsed", async () => {
    const res = await route(request("POST", "/x?limit=7", { body: JSON.stringify({ notes: "hi", extra: 1 }) }), ctx({ name: "ep-1", model: "m", version: "3" }));
    expect(await answer(res)).toEqual({ status: 200, body: { params: { name: "ep-1", model: "m", version: 3 }, query: { limit: 7 }, body: { notes: "hi" } } });
  });

  it("answers 401, then 403 for CSRF, then 403 for the role, before parsing anything", async () => {
    const badInput = () => request("POST", "/x?limit=nope", { body: "{not json" });
    session.user = undefined;
    expect(await answer(await route(badInput(), ctx({ name: "-" })))).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    session.user = ADMIN;
    const noToken = request("POST", "/x?limit=nope", { body: "{not json", headers: { "x-mme-csrf": "other" } });
    expect(await answer(await route(noToken, ctx({ name: "-" })))).toMatchObject({ status: 403, body: { error: { message: "Refused: CSRF token mismatch" } } });
    session.user = VIEWER;
    expect(await answer(await route(badInput(), ctx({ name: "-" })))).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining("viewer") } } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 422 naming the field for bad params, then query, then body, and never calls the handler", async () => {
    const good = { name: "ep-1", model: "m", version: "3" };
    const body = JSON.stringify({ notes: "hi" });
    const cases = [
      { req: request("POST", "/x?limit=99", { body: "{}" }), params: { ...good, version: "v3" }, field: "version" },
      { req: request("POST", "/x?limit=99", { body: "{}" }), params: good, field: "limit" },
      { req: request("POST", "/x", { body: "{}" }), params: good, field: "notes" },
      { req: request("POST", "/x", { body: JSON.stringify({ notes: "too long" }) }), params: good, field: "notes" },
    ];
    for (const c of cases) {
      const res = await answer(await route(c.req, ctx(c.params)));
      expect(res, c.field).toMatchObject({ status: 422, body: { error: { code: "unprocessable", message: expect.stringMatching(new RegExp(`^${c.field}: `)) } } });
    }
    expect(await answer(await route(request("POST", "/x", { body }), ctx(good)))).toMatchObject({ status: 200 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("caps the body at maxBodyBytes (413) and refuses bad JSON (400)", async () => {
    const params = ctx({ name: "ep-1", model: "m", version: "3" });
    expect((await route(request("POST", "/x", { body: JSON.stringify({ notes: "x".repeat(200) }) }), params)).status).toBe(413);
    expect((await route(request("POST", "/x", { body: "{nope" }), params)).status).toBe(400);
  });

  it("reads an empty body as {} (schema defaults apply), and a route without a body schema never reads its body", async () => {
    const del = withRoute(async ({ params, body }) => ({ name: params.name, deleteResources: body.deleteResources }), {
      permission: "endpoints:write",
      params: endpointParams,
      body: deleteEndpointInput,
    });
    expect(await answer(await del(request("DELETE", "/x"), ctx({ name: "ep-1" })))).toEqual({ status: 200, body: { name: "ep-1", deleteResources: true } });

    const noBody = withRoute(async ({ req, body }) => ({ body: body ?? "none", unread: !req.bodyUsed }), { permission: "models:write" });
    expect(await answer(await noBody(request("DELETE", "/x", { body: "{not json" }), ctx({})))).toEqual({ status: 200, body: { body: "none", unread: true } });
  });
});
