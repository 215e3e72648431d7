import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/roles";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { ADD_REQUEST, ADMIN, callRoute } from "@/test/support/bff/release-fixtures";
import { putVersionDirectly, randomBytesOnnxPackage } from "@/test/support/bff/verification-packages";

// Rollbacks and canaries against a real engine: the history decides where a rollback goes, and a
// canary's weight decides, request by request, which version the BFF's invoke sends to.
const session = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EP = "can";
const M = "onnx-add";
let engine: BffTestEngine;
let bff: {
  setAlias: typeof import("./set-alias").setAlias;
  deleteAlias: typeof import("./set-alias").deleteAlias;
  moveAlias: typeof import("./move-alias").moveAlias;
  rollback: typeof import("./rollback-alias").rollbackAlias;
  start: typeof import("./alias-canary").startCanary;
  promote: typeof import("./alias-canary").promoteCanary;
  abort: typeof import("./alias-canary").abortCanary;
  deleteVersion: typeof import("./delete-version").deleteVersion;
  verify: typeof import("./verify-version").verifyVersion;
  get: typeof import("./get-model").getModel;
  list: typeof import("./list-models").listModels;
  invoke: typeof import("../invoke/invoke-model").invokeModel;
  canaryRoute: typeof import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/canary/route");
  listAudit: typeof import("@/server/console-store/audit-log").listAudit;
};
/** a, b, c, spare: verified; junk: failed verification; fresh: never verified. */
const v = { a: 0, b: 0, c: 0, spare: 0, junk: 0, fresh: 0 };
const lastAudit = () => bff.listAudit({ limit: 1 }).entries[0]!;

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: EP });
  await engine.createMmeEndpoint(EP, `s3://${EP}/m/`);
  await engine.waitInService(EP);
  bff = {
    setAlias: (await import("./set-alias")).setAlias,
    deleteAlias: (await import("./set-alias")).deleteAlias,
    moveAlias: (await import("./move-alias")).moveAlias,
    rollback: (await import("./rollback-alias")).rollbackAlias,
    start: (await import("./alias-canary")).startCanary,
    promote: (await import("./alias-canary")).promoteCanary,
    abort: (await import("./alias-canary")).abortCanary,
    deleteVersion: (await import("./delete-version")).deleteVersion,
    verify: (await import("./verify-version")).verifyVersion,
    get: (await import("./get-model")).getModel,
    list: (await import("./list-models")).listModels,
    invoke: (await import("../invoke/invoke-model")).invokeModel,
    canaryRoute: await import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/canary/route"),
    listAudit: (await import("@/server/console-store/audit-log")).listAudit,
  };
  const add = (bytes: Uint8Array) => putVersionDirectly(engine.s3, { bucket: EP, prefix: "m/", model: M, bytes });
  for (const k of ["a", "b", "c", "spare"] as const) {
    v[k] = await add(VALID);
    expect(await bff.verify(EP, M, v[k], { waitMs: Infinity })).toMatchObject({ status: "verified" });
  }
  v.junk = await add(randomBytesOnnxPackage(M));
  expect(await bff.verify(EP, M, v.junk, { waitMs: Infinity })).toMatchObject({ status: "failed" });
  v.fresh = await add(VALID);
  session.user = ADMIN;
});
afterAll(async () => engine?.close());

const aliasOf = async (alias: string) => (await bff.get(EP, M)).aliases[alias];

describe("rolling an alias back", () => {
  it("goes back to the previous target, and rolling back again returns", async () => {
    await bff.setAlias(EP, M, "production", v.a, ADMIN.email);
    await bff.setAlias(EP, M, "production", v.b, ADMIN.email);
    expect(await bff.rollback(EP, M, "production", { expected: v.b }, ADMIN)).toEqual({ alias: "production", version: v.a, previous: v.b });
    expect((await bff.get(EP, M)).aliasHistory[0]).toMatchObject({ kind: "rollback", from: v.b, to: v.a });
    const back = await bff.rollback(EP, M, "production", { warm: true }, ADMIN);
    expect(back).toMatchObject({ version: v.b, previous: v.a, warm: { mode: "per-instance", targetModel: `${M}/v${v.b}.tar.gz` } });
    expect(await aliasOf("production")).toBe(v.b);
    await expect(bff.rollback(EP, M, "production", { expected: v.a }, ADMIN)).rejects.toMatchObject({ code: "alias_changed", details: { version: v.b } });
  });

  it("has nowhere to go without an earlier target, or when it was deleted", async () => {
    await bff.setAlias(EP, M, "staging", v.spare, ADMIN.email);
    await expect(bff.rollback(EP, M, "staging", {}, ADMIN)).rejects.toMatchObject({
      code: "no_previous_target",
      message: `staging has pointed at no other version before v${v.spare}: there is nothing to roll back to`,
    });
    await bff.setAlias(EP, M, "staging", v.c, ADMIN.email);
    await bff.deleteVersion(EP, M, v.spare);
    await expect(bff.rollback(EP, M, "staging", {}, ADMIN)).rejects.toMatchObject({
      code: "no_previous_target",
      message: `staging pointed at v${v.spare} before v${v.c}, but v${v.spare} was deleted: move it to another version instead`,
    });
    await expect(bff.rollback(EP, M, "nightly", {}, ADMIN)).rejects.toMatchObject({ code: "not_found" });
    await bff.deleteAlias(EP, M, "staging", ADMIN.email);
  });
});

describe("a canary", () => {
  it("refuses a version that did not verify, the alias's own version, and weights outside 1..99", async () => {
    await expect(bff.start(EP, M, "production", { version: v.fresh, weight: 10 }, ADMIN)).rejects.toMatchObject({
      code: "version_not_verified",
      message: `v${v.fresh} has not been verified yet: verify it first. An admin can force it with a reason.`,
    });
    await expect(bff.start(EP, M, "production", { version: v.junk, weight: 10 }, ADMIN)).rejects.toMatchObject({
      code: "version_not_verified",
      message: expect.stringMatching(new RegExp(`^v${v.junk} failed verification: `)),
    });
    await expect(bff.start(EP, M, "production", { version: v.b, weight: 10 }, ADMIN)).rejects.toMatchObject({ code: "unprocessable" });
    await expect(bff.start(EP, M, "nightly", { version: v.c, weight: 10 }, ADMIN)).rejects.toMatchObject({ code: "not_found" });
    const params = { name: EP, model: M, alias: "production" };
    for (const weight of [0, 100]) {
      const res = await callRoute(bff.canaryRoute.PUT, "PUT", `/api/endpoints/${EP}/models/${M}/aliases/production/canary`, params, { version: v.c, weight });
      expect(res).toMatchObject({ status: 422, body: { error: { code: "unprocessable" } } });
    }
    await expect(bff.promote(EP, M, "production", {}, ADMIN)).rejects.toMatchObject({ code: "no_canary" });
    await expect(bff.abort(EP, M, "production", {}, ADMIN)).rejects.toMatchObject({ code: "no_canary" });
    expect((await bff.get(EP, M)).canaries).toEqual({});
  });

  it("sends about its weight of the alias's requests to the canary version, and the rest to the alias's own", async () => {
    const params = { name: EP, model: M, alias: "production" };
    const started = await callRoute(bff.canaryRoute.PUT, "PUT", `/api/endpoints/${EP}/models/${M}/aliases/production/canary`, params, {
      version: v.c,
      weight: 10,
      expected: v.b,
    });
    expect(started).toMatchObject({ status: 200, body: { alias: "production", version: v.b, canary: { version: v.c, weight: 10, startedBy: ADMIN.email } } });
    expect(lastAudit()).toMatchObject({ action: "StartCanary", detail: `canary production: v${v.c} at 10 % (v${v.b} keeps 90 %)` });
    const detail = await bff.get(EP, M);
    expect(detail.canaries.production).toMatchObject({ version: v.c, weight: 10 });
    expect(detail.aliasHistory[0]).toMatchObject({ kind: "canary-start", from: v.b, to: v.b, canary: { version: v.c, weight: 10 } });

    const N = 1000;
    const results = [];
    for (let i = 0; i < N; i += 25) {
      results.push(...(await Promise.all(Array.from({ length: 25 }, () => bff.invoke(EP, { model: M, alias: "production", request: ADD_REQUEST })))));
    }
    const toCanary = results.filter((r) => r.canary === true);
    const toStable = results.filter((r) => r.canary === undefined);
    // Each request goes to the canary independently with p = 0.1, so the count is Binomial(1000, 0.1):
    // mean 100, σ = √(1000 · 0.1 · 0.9) ≈ 9.49. ±4σ is 62..138; a fair draw falls outside with
    // probability ≈ 6e-5, while a rule that ignored the canary (0), always took it (1000) or used the
    // stable share (900) lands far outside.
    expect(toCanary.length).toBeGreaterThanOrEqual(62);
    expect(toCanary.length).toBeLessThanOrEqual(138);
    expect(toStable.length).toBe(N - toCanary.length);
    expect(new Set(toCanary.map((r) => r.targetModel))).toEqual(new Set([`${M}/v${v.c}.tar.gz`]));
    expect(new Set(toStable.map((r) => r.version))).toEqual(new Set([v.b]));
    expect(results.every((r) => r.outputs[0]?.data.join(",") === "11,22,33,44")).toBe(true);
  });

  it("blocks a plain move, a rollback and deleting its version while it runs; a re-weight keeps its start", async () => {
    await expect(bff.moveAlias(EP, M, "production", { version: v.a }, ADMIN)).rejects.toMatchObject({
      code: "canary_in_progress",
      message: `production has a canary running (v${v.c} at 10 %): promote or abort it first`,
    });
    await expect(bff.rollback(EP, M, "production", {}, ADMIN)).rejects.toMatchObject({ code: "canary_in_progress" });
    await expect(bff.deleteVersion(EP, M, v.c)).rejects.toMatchObject({ code: "conflict" });
    const before = (await bff.get(EP, M)).canaries.production!;
    const reweighted = await bff.start(EP, M, "production", { version: v.c, weight: 30 }, { email: "bob@example.com", role: "admin" });
    expect(reweighted.canary).toEqual({ ...before, weight: 30 });
    const { models } = await bff.list(EP, { limit: 10 });
    expect(models[0]!.canaries).toEqual({ production: { ...before, weight: 30 } });
    expect(models[0]!.recentAliasMoves[0]).toMatchObject({ kind: "canary-start", by: "bob@example.com", canary: { version: v.c, weight: 30 } });
  });

  it("is promoted: the alias moves to it and it ends; a rollback then goes back to the alias's own version", async () => {
    await expect(bff.promote(EP, M, "production", { expectedCanary: v.a }, ADMIN)).rejects.toMatchObject({
      code: "alias_changed",
      details: { version: v.b, canary: { version: v.c, weight: 30 } },
    });
    expect(await bff.promote(EP, M, "production", { expectedCanary: v.c }, ADMIN)).toEqual({ alias: "production", version: v.c, previous: v.b });
    const detail = await bff.get(EP, M);
    expect([detail.aliases.production, detail.canaries]).toEqual([v.c, {}]);
    expect(detail.aliasHistory[0]).toMatchObject({ kind: "canary-promote", from: v.b, to: v.c, canary: { version: v.c, weight: 30 } });
    expect((await bff.invoke(EP, { model: M, alias: "production", request: ADD_REQUEST })).version).toBe(v.c);
    expect(await bff.rollback(EP, M, "production", {}, ADMIN)).toMatchObject({ version: v.b, previous: v.c });
  });

  it("is aborted through its route: the alias's own version takes everything again", async () => {
    const started = await bff.start(EP, M, "production", { version: v.a, weight: 5, warm: true }, ADMIN);
    expect(started.warm).toMatchObject({ mode: "per-instance", targetModel: `${M}/v${v.a}.tar.gz` });
    const params = { name: EP, model: M, alias: "production" };
    const aborted = await callRoute(bff.canaryRoute.DELETE, "DELETE", `/api/endpoints/${EP}/models/${M}/aliases/production/canary`, params, { expectedCanary: v.a });
    expect(aborted).toMatchObject({ status: 200, body: { alias: "production", version: v.b, abortedCanary: { version: v.a, weight: 5 } } });
    expect(aborted.body.canary).toBeUndefined();
    expect(lastAudit()).toMatchObject({ action: "AbortCanary", detail: `aborted canary production (v${v.a} at 5 %)` });
    expect((await bff.get(EP, M)).canaries).toEqual({});
    expect((await bff.get(EP, M)).aliasHistory[0]).toMatchObject({ kind: "canary-abort", from: v.b, to: v.b, canary: { version: v.a, weight: 5 } });
  });

  it("ends with its alias when the alias is removed", async () => {
    await bff.start(EP, M, "production", { version: v.a, weight: 50 }, ADMIN);
    await bff.deleteAlias(EP, M, "production", ADMIN.email);
    const detail = await bff.get(EP, M);
    expect([detail.aliases, detail.canaries]).toEqual([{}, {}]);
    expect(detail.aliasHistory[0]).toMatchObject({ kind: "remove", from: v.b, canary: { version: v.a, weight: 50 } });
  });
});
