import { describe, expect, it } from "vitest";
import { capacityChange, desiredCountAt } from "./instance-steps";

const out = {
  start: 2_000,
  status: "Successful",
  description: "Setting desired instance count to 3.",
  cause: "monitor alarm TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-1 in state ALARM triggered policy p changing the desired capacity from 1 to 3.",
};
const inn = { start: 5_000, status: "Successful", description: "Setting desired instance count to 2.", cause: "monitor alarm ... in state ALARM triggered policy p changing the desired capacity from 3 to 2." };

describe("instance count from scaling activities", () => {
  it("reads the change from AWS's cause, else the description", () => {
    expect(capacityChange(out)).toEqual({ at: 2_000, from: 1, to: 3 });
    expect(capacityChange({ ...out, cause: "user request" })).toEqual({ at: 2_000, to: 3 });
    expect(capacityChange({ ...out, status: "Failed" })).toBeUndefined();
    // A scheduled action's own activity sets min and max, not the count.
    expect(capacityChange({ ...out, cause: "scheduled action name night was triggered", description: "Setting min capacity to 2 and max capacity to 4" })).toBeUndefined();
  });

  it("steps through the window from the first change's starting count", () => {
    expect(desiredCountAt([1_000, 2_000, 3_000, 6_000], [inn, out], 2)).toEqual([1, 3, 3, 2]);
  });

  it("leaves the time before a change of unknown origin empty", () => {
    expect(desiredCountAt([1_000, 3_000], [{ ...out, cause: "minimum capacity was set to 3" }], 3)).toEqual([null, 3]);
  });

  it("is flat at the current count when nothing changed", () => {
    expect(desiredCountAt([1, 2], [], 4)).toEqual([4, 4]);
  });
});
