import { describe, expect, it } from "vitest";
import type { Verification } from "./model-registry";
import { formatMs, isVerificationRunning, verificationSentence } from "./model-verification";

const AT = "2026-01-01T10:00:00.000Z";
const NOW = Date.parse(AT) + 1_000;

describe("a verification in words (the audit log's detail, the CLI's line)", () => {
  it("says how long the load and the second call took", () => {
    const v: Verification = { status: "verified", at: AT, loadMs: 1234, latencyMs: 8.4, coldLoad: true, outputs: [{ name: "y", datatype: "FP32", shape: [1, 4] }] };
    expect(verificationSentence(3, v, NOW)).toBe("verified v3: loaded in 1.2 s, answered in 8 ms");
    expect(verificationSentence(3, { ...v, coldLoad: false }, NOW)).toBe("verified v3: already loaded, first call in 1.2 s, answered in 8 ms");
  });

  it("gives a failure's sentence and why a version was not checked", () => {
    expect(verificationSentence(4, { status: "failed", at: AT, error: "The model m/v4.tar.gz could not be loaded: bad." }, NOW)).toBe(
      "v4 failed verification: The model m/v4.tar.gz could not be loaded: bad.",
    );
    expect(verificationSentence(5, { status: "unverified", at: AT, reason: "The endpoint is Creating, not InService" }, NOW)).toBe("v5 not verified: The endpoint is Creating, not InService");
  });

  it("treats a check still marked running after 10 minutes as cut off", () => {
    const running: Verification = { status: "unverified", at: AT, reason: "The check is running", running: true };
    expect(isVerificationRunning(running, NOW)).toBe(true);
    expect(verificationSentence(6, running, NOW)).toBe("verifying v6 (still running)");
    const later = Date.parse(AT) + 11 * 60_000;
    expect(isVerificationRunning(running, later)).toBe(false);
    expect(verificationSentence(6, running, later)).toBe("v6 not verified: the check did not finish; verify again");
  });

  it("formats durations as a person reads them", () => {
    expect([formatMs(0.4), formatMs(840), formatMs(1200), formatMs(75_400)]).toEqual(["0 ms", "840 ms", "1.2 s", "75 s"]);
  });
});
