import { describe, expect, it } from "vitest";
import { emptyHead, modelHead, type Verification } from "@/lib/model-registry";
import { checkVerified } from "@/server/bff/models/release-gate";

// The gate's sentences for each verification state, on a head as the registry keeps it.
function headWith(verification?: Verification) {
  const head = emptyHead("m");
  head.versions[4] = { state: "ready", uploadedBy: "a@example.com", uploadedAt: "2026-01-01T00:00:00.000Z", ...(verification ? { verification } : {}) };
  return head;
}
const refusal = (verification?: Verification) => {
  try {
    checkVerified(headWith(verification), 4, undefined);
  } catch (e) {
    return e;
  }
  return undefined;
};
const now = new Date().toISOString();

describe("the release gate", () => {
  it("says exactly why a version may not take traffic, and that an admin can force it", () => {
    const tail = " An admin can force it with a reason.";
    expect(refusal({ status: "failed", at: now, error: "The model m/v4.tar.gz could not be loaded: bad graph." })).toMatchObject({
      code: "version_not_verified",
      message: `v4 failed verification: The model m/v4.tar.gz could not be loaded: bad graph.${tail}`,
    });
    expect(refusal()).toMatchObject({ message: `v4 has not been verified yet: verify it first.${tail}` });
    expect(refusal({ status: "unverified", at: now, reason: "The check is running", running: true })).toMatchObject({ message: `v4 is still being verified.${tail}` });
    // A running mark the console never finished (it restarted) is no check under way.
    expect(refusal({ status: "unverified", at: "2020-01-01T00:00:00.000Z", reason: "The check is running", running: true })).toMatchObject({
      message: `v4 has not been verified yet: verify it first.${tail}`,
    });
    expect(refusal({ status: "unverified", at: now, reason: "The endpoint is Creating, not InService; verify again once it is" })).toMatchObject({
      message: `v4 has not been verified yet (The endpoint is Creating, not InService; verify again once it is): verify it first.${tail}`,
    });
  });

  it("lets a verified version through, and answers a force's reason only when it forced something", () => {
    const verified: Verification = { status: "verified", at: now, loadMs: 12, latencyMs: 1, outputs: [] };
    expect(checkVerified(headWith(verified), 4, { reason: "not needed here" })).toBeUndefined();
    expect(checkVerified(headWith(), 4, { reason: "hotfix checked by hand" })).toBe("hotfix checked by hand");
  });

  it("reads heads written before canaries and release kinds", () => {
    const old = { model: "m", nextVersion: 2, versions: {}, aliases: { production: 1 }, aliasHistory: [{ alias: "production", to: 1, by: "a", at: now }] };
    expect(modelHead.parse(old)).toEqual({ ...old, canaries: {} });
  });
});
