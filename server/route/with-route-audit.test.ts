import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/roles";
import { modelParams } from "@/server/route/path-params";

// What withRoute writes to the audit log for each kind of route, with a real console store; only the session is stubbed.
const session = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-route-audit-"));
process.env.MME_CONSOLE_DATA_DIR = tmp;
const { withRoute } = await import("@/server/route/with-route");
const { listAudit } = await import("@/server/console-store/audit-log");
const { ApiError } = await import("@/server/route/api-error");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ADMIN: SessionUser = { email: "admin@example.com", role: "admin" };
const VIEWER: SessionUser = { email: "viewer@example.com", role: "viewer" };
const CSRF = { cookie: "mme.csrf=token-1", "x-mme-csrf": "token-1" };
const PARAMS = { name: "shop", model: "resnet" };

const post = (body: unknown, headers: Record<string, string> = CSRF) =>
  new NextRequest(new URL("http://console.test/api/endpoints/shop/models/resnet/x"), { method: "POST", body: JSON.stringify(body), headers });
const ctx = { params: Promise.resolve(PARAMS) };

/** The rows written since the last call, oldest first, without their ids and times. */
let seen = 0;
function written() {
  const rows = listAudit({ limit: 200 }).entries.filter((e) => e.id > seen);
  seen = Math.max(seen, ...rows.map((e) => e.id));
  return rows.reverse().map((e) => {
    const { id, at, ...rest } = e;
    void [id, at];
    return rest;
  });
}

beforeEach(() => {
  session.user = ADMIN;
  written();
});

const body = z.object({ to: z.number().int().max(10) });

describe("withRoute's audit", () => {
  it("writes a change with what it was about and what changed, from the input and the handler's answer", async () => {
    const route = withRoute(async ({ body }) => ({ from: 1, to: body.to }), {
      permission: "endpoints:write",
      action: "UpdateEndpoint",
      params: modelParams,
      body,
      audit: { detail: ({ body }, done) => `instances ${done.value?.from ?? "?"} → ${body.to}` },
    });
    expect((await route(post({ to: 3 }), ctx)).status).toBe(200);
    expect(written()).toEqual([
      {
        actor: "admin@example.com",
        role: "admin",
        action: "UpdateEndpoint",
        target: "/api/endpoints/shop/models/resnet/x",
        resource: "shop/resnet",
        result: "ok",
        status: 200,
        detail: "instances 1 → 3",
      },
    ]);
  });

  it("writes refusals and failures with the reason the caller got; a detail only once the input parsed", async () => {
    const route = withRoute(
      async ({ body }) => {
        if (body.to === 7) throw new ApiError("conflict", "Endpoint is Updating");
        return {};
      },
      { permission: "endpoints:write", action: "UpdateEndpoint", params: modelParams, body, audit: { detail: ({ body }) => `instances → ${body.to}` } },
    );
    session.user = undefined;
    await route(post({ to: 3 }), ctx);
    session.user = VIEWER;
    await route(post({ to: 3 }), ctx);
    session.user = ADMIN;
    await route(post({ to: 3 }, { ...CSRF, "x-mme-csrf": "forged" }), ctx);
    await route(post({ to: 11 }), ctx);
    await route(post({ to: 7 }), ctx);
    expect(written().map((r) => [r.actor, r.result, r.status, r.resource, r.detail, r.reason])).toEqual([
      ["anonymous", "refused", 401, "shop/resnet", undefined, "Sign in to use the console"],
      ["viewer@example.com", "refused", 403, "shop/resnet", undefined, "Your role (viewer) may not do this (endpoints:write)"],
      ["admin@example.com", "refused", 403, "shop/resnet", undefined, "Refused: CSRF token mismatch"],
      ["admin@example.com", "error", 422, "shop/resnet", undefined, expect.stringMatching(/^to: /)],
      ["admin@example.com", "error", 409, "shop/resnet", "instances → 7", "Endpoint is Updating"],
    ]);
  });

  it("writes only refusals for a route that changes nothing (an invocation)", async () => {
    const route = withRoute(async () => ({ outputs: [] }), { permission: "invoke", action: "InvokeEndpoint", params: modelParams, body, audit: { record: "refusals" } });
    for (let i = 0; i < 5; i++) expect((await route(post({ to: 1 }), ctx)).status).toBe(200);
    await route(post({ to: 11 }), ctx);
    session.user = undefined;
    await route(post({ to: 1 }), ctx);
    expect(written().map((r) => [r.action, r.result, r.status])).toEqual([["InvokeEndpoint", "refused", 401]]);
  });

  it("writes only refusals and failures for a first step that a later one audits (an upload's start)", async () => {
    let fail = false;
    const route = withRoute(
      async () => {
        if (fail) throw new ApiError("not_found", "No such endpoint");
        return { uploadId: "u" };
      },
      { permission: "models:write", action: "UploadModel", params: modelParams, body, audit: { record: "failures", detail: ({ body }) => `upload of ${body.to}` } },
    );
    await route(post({ to: 1 }), ctx);
    fail = true;
    await route(post({ to: 2 }), ctx);
    expect(written().map((r) => [r.action, r.result, r.detail, r.reason])).toEqual([["UploadModel", "error", "upload of 2", "No such endpoint"]]);
  });

  it("lets a route name its own outcome: the handler's 422 is a rejection, the input's 422 stays an error", async () => {
    const route = withRoute(
      async () => {
        throw new ApiError("unprocessable", "The uploaded package would not load: no config.pbtxt");
      },
      {
        permission: "models:write",
        action: "UploadModel",
        params: modelParams,
        body,
        audit: { result: ({ status, parsed }) => (parsed && status === 422 ? "rejected" : undefined), detail: (_input, done) => done.result },
      },
    );
    await route(post({ to: 1 }), ctx);
    await route(post({ to: 99 }), ctx);
    expect(written().map((r) => [r.result, r.status, r.detail])).toEqual([
      ["rejected", 422, "rejected"],
      ["error", 422, undefined],
    ]);
  });

  it("never audits a read, and a failing detail costs the audit line its detail only, never the answer", async () => {
    const read = withRoute(async () => ({}), { permission: "read" });
    expect((await read(new NextRequest(new URL("http://console.test/api/x")), ctx)).status).toBe(200);
    expect(written()).toEqual([]);

    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const route = withRoute(async () => ({}), {
      permission: "endpoints:write",
      action: "DeleteEndpoint",
      audit: {
        detail: () => {
          throw new Error("bug in a detail");
        },
      },
    });
    expect((await route(post({}), ctx)).status).toBe(200);
    expect(spy).toHaveBeenCalledWith("[audit] could not record", expect.any(Error));
    spy.mockRestore();
  });
});
