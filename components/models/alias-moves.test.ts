import { describe, expect, it } from "vitest";
import { ApiClientError } from "@/lib/api-client";
import type { AliasMoveView } from "@/lib/schemas/model-views";
import { previousTarget } from "@/lib/alias-rollback";
import { aliasChangedDetails, aliasChangedSentence, aliasMoveKind, describeAliasMove } from "./alias-moves";
import { verificationGate } from "./verification-gate";
import { versionTraffic } from "./version-traffic";

const at = "2026-12-07T12:00:00.000Z";
const by = "admin@example.com";

describe("an alias's history in words", () => {
  it("says each kind of change, with a forced move's reason", () => {
    expect(describeAliasMove({ alias: "production", to: 1, by, at })).toBe("new → v1");
    expect(describeAliasMove({ alias: "production", from: 1, to: 2, by, at, kind: "move", forcedReason: "hotfix INC-1" })).toBe("v1 → v2 (forced: hotfix INC-1)");
    expect(describeAliasMove({ alias: "production", from: 2, to: 1, by, at, kind: "rollback" })).toBe("v2 → v1 (rolled back)");
    expect(describeAliasMove({ alias: "production", from: 1, by, at, kind: "remove" })).toBe("v1 → removed");
    expect(describeAliasMove({ alias: "production", from: 1, to: 1, by, at, kind: "canary-start", canary: { version: 3, weight: 10 } })).toBe("canary v3 at 10 % started");
    expect(describeAliasMove({ alias: "production", from: 1, to: 3, by, at, kind: "canary-promote", canary: { version: 3, weight: 10 } })).toBe("v1 → v3 (canary v3 promoted)");
    expect(describeAliasMove({ alias: "production", from: 3, to: 3, by, at, kind: "canary-abort", canary: { version: 1, weight: 25 } })).toBe("canary v1 aborted, stays v3");
    expect(aliasMoveKind({ alias: "production", from: 1, to: 2, by, at, forcedReason: "hotfix INC-1" })).toBe("move, forced");
    expect(aliasMoveKind({ alias: "production", from: 1, to: 1, by, at, kind: "canary-start" })).toBe("canary");
  });

  it("names the rollback's target as the server picks it: where the alias came to its version from", () => {
    // Newest first, as the model view lists them.
    const history: AliasMoveView[] = [
      { alias: "production", from: 3, to: 3, by, at, kind: "canary-abort", canary: { version: 1, weight: 25 } },
      { alias: "production", from: 3, to: 3, by, at, kind: "canary-start", canary: { version: 1, weight: 25 } },
      { alias: "staging", from: 2, to: 3, by, at, kind: "move" },
      { alias: "production", from: 1, to: 3, by, at, kind: "canary-promote" },
      { alias: "production", from: 2, to: 1, by, at, kind: "rollback" },
      { alias: "production", to: 1, by, at },
    ];
    expect(previousTarget(history, "production", 3)).toBe(1);
    expect(previousTarget(history, "production", 1)).toBe(2);
    expect(previousTarget(history, "staging", 3)).toBe(2);
    expect(previousTarget([{ alias: "production", to: 1, by, at }], "production", 1)).toBeUndefined();
  });
});

describe("a lost race (alias_changed)", () => {
  it("says who moved the alias where, from the refusal's details", () => {
    const err = new ApiClientError(409, "alias_changed", "production was moved to v2", [], { alias: "production", version: 2, by: "bob@example.com", at: new Date().toISOString() });
    const d = aliasChangedDetails(err)!;
    expect(aliasChangedSentence("production", d)).toBe("production was moved to v2 by bob@example.com just now while you were deciding; nothing was changed. The page now shows its new state: decide again.");
    expect(aliasChangedSentence("production", { alias: "production", version: null })).toMatch(/^production was removed while you were deciding/);
    expect(aliasChangedDetails(new ApiClientError(409, "canary_in_progress", "…"))).toBeUndefined();
  });
});

describe("the release gate as the dialogs say it", () => {
  const version = { version: 2, state: "ready" as const, uploadedBy: by, uploadedAt: at, aliases: [], targetModel: "m/v2.tar.gz" };
  it("opens only for a verified version, and says why not otherwise", () => {
    expect(verificationGate({ ...version, verification: { status: "verified", at, loadMs: 10, latencyMs: 2, outputs: [] } } as never)).toEqual({ open: true });
    expect(verificationGate({ ...version, verification: { status: "failed", at, error: "It could not be loaded" } } as never)).toEqual({
      open: false,
      sentence: "v2 failed verification: It could not be loaded. Aliases move only to verified versions.",
    });
  });
});

describe("a version's last hour", () => {
  it("is the model metrics page's tiles: invocations, (4XX + 5XX) / invocations, the window's p99", () => {
    const t0 = 1_000_000;
    const sets = {
      series: { invocations: [[t0, 90], [t0 + 60_000, 10]], errors4xx: [[t0, 1]], errors5xx: [[t0 + 60_000, 1]], modelLatencyP50: [[t0, 400], [t0 + 60_000, 600]] },
      range: { modelLatencyP99: [[t0, 2_500]] },
    } as never;
    expect(versionTraffic(sets)).toEqual({ invocations: 100, errorRate: 0.02, p50Us: 600, p99Us: 2_500 });
    expect(versionTraffic(undefined)).toBeUndefined();
  });
});
