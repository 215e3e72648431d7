import { describe, expect, it } from "vitest";
import {
  aliasDeleted,
  aliasRolledBack,
  aliasSet,
  canaryAborted,
  canaryPromoted,
  canaryStarted,
  endpointCreated,
  endpointDeleted,
  instancesChanged,
  uploadAborted,
  uploadCompleted,
  uploadNotStarted,
  uploadOf,
  uploadResource,
  versionDeleted,
} from "@/server/bff/audit/change-details";

const ok = { result: "ok" as const };
const failed = { result: "error" as const };

describe("the audit log's change details", () => {
  it("says what an endpoint change did, or what was asked when it did not happen", () => {
    expect(endpointCreated({ name: "shop", instanceType: "ml.g5.xlarge", instanceCount: 1 }, ok)).toBe("created endpoint shop (ml.g5.xlarge × 1)");
    expect(endpointCreated({ name: "shop", instanceType: "ml.g5.xlarge", instanceCount: 2 }, failed)).toBe("create endpoint shop (ml.g5.xlarge × 2)");
    expect(instancesChanged(3, { ...ok, value: { previousInstanceCount: 1 } })).toBe("instances 1 → 3");
    expect(instancesChanged(3, failed)).toBe("instances → 3");
    expect(endpointDeleted("shop", true, ok)).toBe("deleted endpoint shop with its configs and model");
    expect(endpointDeleted("shop", false, ok)).toBe("deleted endpoint shop, keeping its configs and model");
  });

  it("says where an alias pointed before", () => {
    expect(aliasSet("production", 2, { ...ok, value: { previous: 1 } })).toBe("production v1 → v2");
    expect(aliasSet("production", 2, { ...ok, value: {} })).toBe("production → v2 (new alias)");
    expect(aliasSet("production", 2, { ...ok, value: { previous: 2 } })).toBe("production stays v2");
    expect(aliasSet("production", 2, failed)).toBe("production → v2");
    expect(aliasDeleted("canary", { ...ok, value: { version: 4 } })).toBe("removed alias canary (was v4)");
    expect(aliasDeleted("canary", failed)).toBe("remove alias canary");
    expect(versionDeleted(3, ok)).toBe("deleted v3");
  });

  it("says what a release did: a forced move with its reason, a rollback, a canary's start, promotion and abort", () => {
    const force = { reason: "hotfix, checked by hand" };
    expect(aliasSet("production", 4, { ...ok, value: { previous: 3, forcedReason: force.reason } }, force)).toBe("production v3 → v4 (forced: hotfix, checked by hand)");
    expect(aliasSet("production", 4, { ...ok, value: { previous: 3 } }, force)).toBe("production v3 → v4");
    expect(aliasSet("production", 4, failed, force)).toBe("production → v4 (forced: hotfix, checked by hand)");
    expect(aliasRolledBack("production", { ...ok, value: { version: 3, previous: 4 } })).toBe("rolled back production v4 → v3");
    expect(aliasRolledBack("production", failed)).toBe("roll back production");
    expect(canaryStarted("production", { version: 4, weight: 10 }, { ...ok, value: { version: 3 } })).toBe("canary production: v4 at 10 % (v3 keeps 90 %)");
    expect(canaryStarted("production", { version: 4, weight: 10 }, failed)).toBe("canary production: v4 at 10 %");
    expect(canaryPromoted("production", { ...ok, value: { version: 4, previous: 3 } })).toBe("promoted canary production v3 → v4");
    const aborted = { version: 4, weight: 10, startedBy: "a@example.com", startedAt: "2026-01-01T00:00:00.000Z" };
    expect(canaryAborted("production", { ...ok, value: { abortedCanary: aborted } })).toBe("aborted canary production (v4 at 10 %)");
    expect(canaryAborted("production", failed)).toBe("abort canary production");
  });

  it("names an upload by the model and version its key holds, with its size and outcome", () => {
    const key = "models/shop/resnet/v3.tar.gz";
    expect(uploadOf(key)).toEqual({ model: "resnet", version: 3 });
    expect(uploadOf("resnet/v12.tar.gz")).toEqual({ model: "resnet", version: 12 });
    expect(uploadOf("resnet/latest.tar.gz")).toBeUndefined();
    expect(uploadResource("shop", key)).toBe("shop/resnet");
    expect(uploadResource("shop", "odd")).toBe("shop");
    expect(uploadCompleted(key, { ...ok, value: { size: 12.3 * 1024 * 1024 } })).toBe("uploaded resnet v3 (12.3 MiB)");
    expect(uploadCompleted(key, { result: "rejected" })).toBe("upload of resnet v3 refused by the checker");
    expect(uploadCompleted(key, failed)).toBe("upload of resnet v3");
    expect(uploadAborted(key, { result: "aborted" })).toBe("aborted upload of resnet v3");
    expect(uploadAborted(key, failed)).toBe("abort upload of resnet v3");
    expect(uploadNotStarted("resnet", 1536)).toBe("upload of resnet (1.50 KiB)");
  });
});
