import { describe, expect, it } from "vitest";
import { evaluateAlarms, PERIODS_READ } from "./target-tracking-alarms";

/** `n` periods of `value`, after enough empty ones to fill what the scaler reads. */
const tail = (...values: (number | undefined)[]) => [...new Array<undefined>(PERIODS_READ - values.length).fill(undefined), ...values];
const repeat = (value: number | undefined, n: number) => new Array<number | undefined>(n).fill(value);

describe("the alarms of a target tracking policy", () => {
  it("AlarmHigh goes to ALARM after 3 datapoints above the target, not 2", () => {
    expect(evaluateAlarms(tail(5, 11, 12), 10).high).toBe("OK");
    expect(evaluateAlarms(tail(11, 12, 13), 10).high).toBe("ALARM");
    expect(evaluateAlarms(tail(11, 12, 13), 10).latest).toBe(13);
  });

  it("a datapoint equal to the target does not breach (GreaterThanThreshold)", () => {
    expect(evaluateAlarms(tail(10, 10, 10), 10).high).toBe("OK");
  });

  it("AlarmLow needs 15 datapoints below 90 % of the target", () => {
    expect(evaluateAlarms(tail(...repeat(8, 14)), 10).low).toBe("INSUFFICIENT_DATA");
    expect(evaluateAlarms(tail(...repeat(8, 15)), 10).low).toBe("ALARM");
    expect(evaluateAlarms(tail(...repeat(9, 15)), 10).low).toBe("OK");
    expect(evaluateAlarms(tail(...repeat(8, 14), 20), 10).low).toBe("OK");
  });

  it("with no data the alarms are INSUFFICIENT_DATA, so nothing scales in", () => {
    const a = evaluateAlarms(tail(), 10);
    expect(a).toEqual({ high: "INSUFFICIENT_DATA", low: "INSUFFICIENT_DATA", latest: undefined });
  });

  it("skips missing datapoints and looks further back, within twice the evaluation periods", () => {
    expect(evaluateAlarms(tail(11, undefined, 12, undefined, 13), 10).high).toBe("ALARM");
    expect(evaluateAlarms(tail(11, undefined, undefined, undefined, undefined, 12, 13), 10).high).toBe("INSUFFICIENT_DATA");
  });
});
