import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/roles";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { ADMIN, VIEWER, callRoute } from "@/test/support/bff/release-fixtures";
import { putVersionDirectly, randomBytesOnnxPackage } from "@/test/support/bff/verification-packages";

// Moving an alias through its route and use-case against a real engine: only verified versions
// take traffic, an admin may force with a reason, and `expected` makes moves a compare-and-swap.
const session = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const VALID = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
const EP = "rel";
const PATH = `/api/endpoints/${EP}/models/onnx-add/aliases/production`;
const PARAMS = { name: EP, model: "onnx-add", alias: "production" };
let engine: BffTestEngine;
let bff: {
  moveAlias: typeof import("./move-alias").moveAlias;
  verify: typeof import("./verify-version").verifyVersion;
  get: typeof import("./get-model").getModel;
  list: typeof import("./list-models").listModels;
  aliasRoute: typeof import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/route");
  listAudit: typeof import("@/server/console-store/audit-log").listAudit;
};
/** good: verified; junk: random bytes, failed verification; fresh: never verified; other: verified. */
const v = { good: 0, junk: 0, fresh: 0, other: 0 };

const put = (body: unknown) => callRoute(bff.aliasRoute.PUT, "PUT", PATH, PARAMS, body);
const lastAudit = () => bff.listAudit({ limit: 1 }).entries[0]!;
const history = async () => (await bff.get(EP, "onnx-add")).aliasHistory;

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: EP });
  await engine.createMmeEndpoint(EP, `s3://${EP}/m/`);
  await engine.waitInService(EP);
  bff = {
    moveAlias: (await import("./move-alias")).moveAlias,
    verify: (await import("./verify-version")).verifyVersion,
    get: (await import("./get-model")).getModel,
    list: (await import("./list-models")).listModels,
    aliasRoute: await import("@/app/api/endpoints/[name]/models/[model]/aliases/[alias]/route"),
    listAudit: (await import("@/server/console-store/audit-log")).listAudit,
  };
  const add = (bytes: Uint8Array) => putVersionDirectly(engine.s3, { bucket: EP, prefix: "m/", model: "onnx-add", bytes });
  v.good = await add(VALID);
  v.junk = await add(randomBytesOnnxPackage("onnx-add"));
  v.fresh = await add(VALID);
  v.other = await add(VALID);
  expect(await bff.verify(EP, "onnx-add", v.junk, { waitMs: Infinity })).toMatchObject({ status: "failed" });
  expect(await bff.verify(EP, "onnx-add", v.other, { waitMs: Infinity })).toMatchObject({ status: "verified" });
});
afterAll(async () => engine?.close());

describe("moving an alias", () => {
  it("moves it to a version that verified, with its load time", async () => {
    session.user = ADMIN;
    const verified = await bff.verify(EP, "onnx-add", v.good, { waitMs: Infinity });
    expect(verified).toMatchObject({ status: "verified" });
    if (verified.status !== "verified") throw new Error("not verified");
    expect(verified.loadMs).toBeGreaterThan(0);

    expect(await put({ version: v.good, expected: null })).toEqual({ status: 200, body: { alias: "production", version: v.good } });
    expect(lastAudit()).toMatchObject({ action: "SetAlias", result: "ok", detail: `production → v${v.good} (new alias)` });
    expect((await bff.get(EP, "onnx-add")).aliases).toEqual({ production: v.good });
    // Where it already points: a success that changes nothing.
    const before = await history();
    expect(await put({ version: v.good, expected: v.good })).toMatchObject({ status: 200, body: { version: v.good, previous: v.good } });
    expect(await history()).toEqual(before);
  });

  it("refuses a version that failed or was never verified, saying which, and leaves the alias where it was", async () => {
    const before = await history();
    const failed = await put({ version: v.junk, expected: v.good });
    expect(failed.status).toBe(409);
    expect(failed.body.error).toMatchObject({ code: "version_not_verified" });
    expect(failed.body.error!.message).toMatch(new RegExp(`^v${v.junk} failed verification: The model onnx-add/v${v.junk}\\.tar\\.gz could not be loaded: .+\\. An admin can force it with a reason\\.$`));
    expect(lastAudit()).toMatchObject({ result: "error", status: 409, detail: `production → v${v.junk}` });

    const fresh = await put({ version: v.fresh });
    expect(fresh.body.error).toEqual({ code: "version_not_verified", message: `v${v.fresh} has not been verified yet: verify it first. An admin can force it with a reason.` });
    expect(await put({ version: 99 })).toMatchObject({ status: 409, body: { error: { code: "version_not_ready", message: '"onnx-add" has no version 99' } } });

    const detail = await bff.get(EP, "onnx-add");
    expect(detail.aliases).toEqual({ production: v.good });
    expect(detail.aliasHistory).toEqual(before);
  });

  it("lets only a role with models:force force it, with a reason kept in the history and the audit log", async () => {
    const force = { reason: "known failure, accepted for the load test" };
    await expect(bff.moveAlias(EP, "onnx-add", "production", { version: v.junk, force }, VIEWER)).rejects.toMatchObject({ code: "force_not_allowed" });
    session.user = VIEWER;
    expect(await put({ version: v.junk, force })).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    session.user = ADMIN;
    expect(await put({ version: v.junk, force: { reason: "because" } })).toMatchObject({ status: 422, body: { error: { code: "unprocessable" } } });
    expect((await bff.get(EP, "onnx-add")).aliases).toEqual({ production: v.good });

    const forced = await put({ version: v.junk, expected: v.good, force });
    expect(forced).toEqual({ status: 200, body: { alias: "production", version: v.junk, previous: v.good, forcedReason: force.reason } });
    expect((await history())[0]).toMatchObject({ alias: "production", from: v.good, to: v.junk, kind: "move", by: ADMIN.email, forcedReason: force.reason });
    expect(lastAudit()).toMatchObject({ action: "SetAlias", result: "ok", detail: `production v${v.good} → v${v.junk} (forced: ${force.reason})` });
    // A force on a version that verified forces nothing: no reason is kept.
    expect((await put({ version: v.good, force })).body).toEqual({ alias: "production", version: v.good, previous: v.junk });
    expect((await history())[0]!.forcedReason).toBeUndefined();
  });

  it("refuses a move from a version the caller did not see, saying who moved it to what, when", async () => {
    const stale = await put({ version: v.other, expected: v.junk });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "alias_changed", details: { alias: "production", version: v.good, by: ADMIN.email, at: expect.any(String) } });
    expect(stale.body.error!.message).toMatch(new RegExp(`^production was moved to v${v.good} by admin@example\\.com (just now|\\d+ s ago) \\(you saw v${v.junk}\\); look again and retry$`));
    expect((await put({ version: v.other, expected: null })).body.error).toMatchObject({
      code: "alias_changed",
      message: expect.stringMatching(new RegExp(`^production was set to v${v.good} by admin@example\\.com .+ \\(you saw no such alias\\); look again and retry$`)),
    });
    expect((await bff.get(EP, "onnx-add")).aliases).toEqual({ production: v.good });
  });

  it("lets exactly one of two concurrent moves from the same version win; the other hears the winner's version", async () => {
    // Forced, so that the version that failed can be a target too (a force on a verified one forces nothing).
    const force = { reason: "the race needs two distinct targets" };
    for (let round = 0; round < 3; round++) {
      const seen = (await bff.get(EP, "onnx-add")).aliases.production!;
      // Both leave the version seen: a move to where the alias already is would be a no-op success.
      const [a, b] = [v.good, v.other, v.junk].filter((x) => x !== seen);
      const outcomes = await Promise.allSettled([
        bff.moveAlias(EP, "onnx-add", "production", { version: a!, expected: seen, force }, ADMIN),
        bff.moveAlias(EP, "onnx-add", "production", { version: b!, expected: seen, force }, { email: "bob@example.com", role: "admin" }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o) => o.status === "rejected");
      expect([won.length, lost.length]).toEqual([1, 1]);
      const winner = (won[0] as PromiseFulfilledResult<{ version?: number }>).value.version!;
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
        code: "alias_changed",
        message: expect.stringContaining(`production was moved to v${winner} by `),
        details: { version: winner },
      });
      expect((await bff.get(EP, "onnx-add")).aliases.production).toBe(winner);
    }
  });

  it("warms the version before moving when asked; a refused move warms nothing, a failed warm moves nothing", async () => {
    await bff.moveAlias(EP, "onnx-add", "production", { version: v.good }, ADMIN);
    expect(await put({ version: v.junk, warm: true })).toMatchObject({ status: 409, body: { error: { code: "version_not_verified" } } });
    const forcedJunk = await put({ version: v.junk, warm: true, force: { reason: "let us see whether it loads at all" } });
    expect(forcedJunk).toMatchObject({ status: 409, body: { error: { code: "warm_failed" } } });
    expect((await bff.get(EP, "onnx-add")).aliases.production).toBe(v.good);

    const warmed = await put({ version: v.other, expected: v.good, warm: true });
    expect(warmed).toMatchObject({ status: 200, body: { version: v.other, previous: v.good, warm: { mode: "per-instance", targetModel: `onnx-add/v${v.other}.tar.gz` } } });
    expect((warmed.body.warm as { instances: unknown[] }).instances.length).toBeGreaterThan(0);
  });

  it("shows the last day's alias changes, newest first, in the models list", async () => {
    const { models } = await bff.list(EP, { limit: 10 });
    const moves = models[0]!.recentAliasMoves;
    expect(moves.length).toBe((await history()).length);
    expect(moves).toEqual(await history());
    expect(models[0]!.canaries).toEqual({});
  });

  it("waits for a check still running on the version instead of refusing it, then moves", async () => {
    session.user = ADMIN;
    const fresh = await putVersionDirectly(engine.s3, { bucket: EP, prefix: "m/", model: "onnx-add", bytes: VALID });
    // As an upload answers after 5 s: the check is under way, marked running in the head.
    expect(await bff.verify(EP, "onnx-add", fresh, { waitMs: 0 })).toMatchObject({ status: "unverified", running: true });
    const moved = await callRoute(bff.aliasRoute.PUT, "PUT", `/api/endpoints/${EP}/models/onnx-add/aliases/staging`, { ...PARAMS, alias: "staging" }, { version: fresh, expected: null });
    expect(moved).toMatchObject({ status: 200, body: { alias: "staging", version: fresh } });
    expect((await bff.get(EP, "onnx-add")).versions.find((x) => x.version === fresh)?.verification).toMatchObject({ status: "verified" });
  });
});
