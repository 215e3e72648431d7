import { describe, expect, it } from "vitest";
import { aliasName, aliasReference } from "./model";

describe("alias names", () => {
  it.each([["production"], ["staging"], ["canary-2"], ["v3-stable"], ["version"], ["vnext"], ["latest-gpu"], ["v"]])("accepts %s", (name) => {
    expect(aliasName.safeParse(name).success).toBe(true);
  });

  // The playground lists aliases beside versions and the metrics page offers "All versions":
  // an alias named like either showed two different things under one name.
  it.each([
    ["v3", `"v3" reads as a version number; aliases cannot be named v followed by digits (try "v3-stable" or a word such as production)`],
    ["v10", `"v10" reads as a version number`],
    ["v007", `"v007" reads as a version number`],
    ["latest", `"latest" is reserved: the console uses it for a set of versions, so an alias under that name would mean two things`],
    ["all", `"all" is reserved`],
  ])("refuses %s with a sentence saying why", (name, message) => {
    const r = aliasName.safeParse(name);
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0]!.message).toContain(message);
  });

  it("keeps the format rule's own message", () => {
    expect(aliasName.safeParse("Prod").error!.issues.map((i) => i.message)).toEqual(["Lower-case letters, digits and '-', starting with a letter"]);
  });

  it("still names an alias set before the rule, so it can be removed or invoked", () => {
    expect(aliasReference.safeParse("v3").success).toBe(true);
    expect(aliasReference.safeParse("latest").success).toBe(true);
    expect(aliasReference.safeParse("Prod").success).toBe(false);
  });
});
