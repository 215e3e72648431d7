import { describe, expect, it } from "vitest";
import { accountClaims, verifyCredentials } from "./accounts";
import { escapeHtml } from "./pages";

describe("dev IdP accounts", () => {
  it("accepts a seeded email in any case with the shared password", () => {
    expect(verifyCredentials(" Viewer@Example.com ", "pw", "pw")?.sub).toBe("dev-viewer");
    expect(verifyCredentials("outsider@example.com", "pw", "pw")?.groups).toEqual([]);
  });

  it("refuses a wrong password, an empty one, or an unknown email", () => {
    expect(verifyCredentials("admin@example.com", "nope", "pw")).toBeUndefined();
    expect(verifyCredentials("admin@example.com", "", "pw")).toBeUndefined();
    expect(verifyCredentials("someone@example.com", "pw", "pw")).toBeUndefined();
  });

  it("releases sub, email, email_verified, name and a copy of groups", () => {
    const account = verifyCredentials("admin@example.com", "pw", "pw");
    const claims = accountClaims(account!);
    expect(claims).toEqual({ sub: "dev-admin", email: "admin@example.com", email_verified: true, name: "Ada Admin", groups: ["mme-admins"] });
    claims.groups.push("mutated");
    expect(accountClaims(account!).groups).toEqual(["mme-admins"]);
  });
});

describe("dev IdP pages", () => {
  it("escapes HTML metacharacters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});
