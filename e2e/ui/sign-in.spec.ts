import { expect, test } from "@playwright/test";
import { fillIdpLogin, signInAs, USERS } from "../support/auth";

test("pages redirect to sign-in; the IdP refuses a wrong password; an admin signs in and out", async ({ page }) => {
  await page.goto("/endpoints/demo");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fendpoints%2Fdemo/);

  await page.getByTestId("sign-in").click();
  await fillIdpLogin(page, USERS.admin, "wrong-password");
  await expect(page.getByText("Invalid email or password")).toBeVisible();

  await fillIdpLogin(page, USERS.admin);
  // Back on the page first asked for, signed in.
  await expect(page).toHaveURL(/\/endpoints\/demo$/);
  await expect(page.getByTestId("session-user")).toContainText("admin@example.com");
  await expect(page.getByTestId("session-role")).toHaveText("admin");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin/);
});

test("a user with no role in the console gets a page saying so, and no session", async ({ page }) => {
  await page.goto("/endpoints");
  await page.getByTestId("sign-in").click();
  await fillIdpLogin(page, USERS.outsider);
  await expect(page.getByTestId("no-access")).toContainText("outsider@example.com");
  await expect(page.getByTestId("no-access")).toContainText("mme-admins");
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/endpoints")).status()).toBe(401);
});

test("the session cookie is HttpOnly and SameSite=Lax; pages carry a strict CSP", async ({ page }) => {
  await signInAs(page, "viewer");
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  const res = await page.request.get("/endpoints");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
});
