import { describe, expect, it } from "vitest";
import { roleFromClaims } from "./role-from-claims";

const settings = { rolesClaim: "groups", adminGroups: ["mme-admins", "platform"], viewerGroups: ["mme-viewers"] };

describe("roleFromClaims", () => {
  it.each([
    [{ groups: ["mme-admins"] }, "admin"],
    [{ groups: ["eng", "platform"] }, "admin"],
    [{ groups: ["mme-viewers", "mme-admins"] }, "admin"],
    [{ groups: ["mme-viewers"] }, "viewer"],
    [{ groups: "mme-viewers other" }, "viewer"],
    [{ groups: [] }, undefined],
    [{ groups: ["MME-ADMINS"] }, undefined],
    [{ groups: [42, null] }, undefined],
    [{}, undefined],
    [{ roles: ["mme-admins"] }, undefined],
  ])("%j -> %s", (claims, role) => {
    expect(roleFromClaims(claims, settings)).toBe(role);
  });

  it("reads the configured claim", () => {
    expect(roleFromClaims({ roles: ["mme-admins"] }, { ...settings, rolesClaim: "roles" })).toBe("admin");
  });
});
