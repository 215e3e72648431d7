import { describe, expect, it } from "vitest";
import { servedVersion } from "./served-version";

describe("servedVersion", () => {
  it("serves the highest version by default, and with latest or all", () => {
    expect(servedVersion({}, [1, 3, 2])).toBe(3);
    expect(servedVersion({ versionPolicy: { latest: { numVersions: 2 } } }, [1, 3, 2])).toBe(3);
    expect(servedVersion({ versionPolicy: { all: {} } }, [1, 2])).toBe(2);
  });

  it("serves the highest of the specific versions that exist", () => {
    expect(servedVersion({ versionPolicy: { specific: { versions: [1, 7] } } }, [1, 2, 3])).toBe(1);
    expect(servedVersion({ versionPolicy: { specific: { versions: [7] } } }, [1, 2])).toBeUndefined();
    expect(servedVersion({}, [])).toBeUndefined();
  });
});
