import { fillIdpLogin, signInAs, USERS } from "../support/auth";
import { AWS_REGION } from "../support/aws-moto";
import { expect, test } from "../support/aws-fixtures";

test("health reports the AWS backend, in its region, answering", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ console: "ok", backend: { kind: "aws", region: AWS_REGION, reachable: true } });
});

test("pages redirect to sign-in; the IdP refuses a wrong password; an admin signs in and out", async ({ page, guard }) => {
  // The dev IdP answers the wrong password with its form again, as 401.
  guard.allow({ method: "POST", url: /\/interaction\/[^/]+\/login$/, status: 401 });
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fendpoints/);

  await page.getByTestId("sign-in").click();
  await fillIdpLogin(page, USERS.admin, "wrong-password");
  await expect(page.getByText("Invalid email or password")).toBeVisible();

  await fillIdpLogin(page, USERS.admin);
  await expect(page).toHaveURL(/\/endpoints$/);
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
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/endpoints")).status()).toBe(401);
});

test("pages carry a strict CSP whose connect-src lets the browser reach the storage endpoint it uploads to", async ({ page, moto }) => {
  await signInAs(page, "viewer");
  const res = await page.request.get("/endpoints");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  // Uploads go to AWS_ENDPOINT_URL (moto) here, not to *.s3.<region>.amazonaws.com: the page must
  // be allowed to connect to it (the upload spec proves it with a real upload).
  const connectSrc = /connect-src ([^;]*)/.exec(csp)?.[1]?.trim().split(/\s+/) ?? [];
  expect(connectSrc).toContain("'self'");
  expect(
    connectSrc.some((s) => s.replace(/\/$/, "") === new URL(moto.url).origin),
    `connect-src should allow ${new URL(moto.url).origin}: ${csp}`,
  ).toBe(true);
});
