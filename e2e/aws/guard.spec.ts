import { BrowserGuard, expect, test } from "../support/aws-fixtures";

// The fixture every spec of this suite runs under must really see what it is meant to fail on.
test("the browser guard sees CSP violations and unexpected 4xx/5xx, and lets through only what a spec allows", async ({ browser }) => {
  const guard = new BrowserGuard();
  const context = await browser.newContext();
  await guard.watch(context);
  const page = await context.newPage();

  await page.goto("/signin");
  // connect-src does not allow this origin (TEST-NET-2, never routed).
  await page.evaluate(() => fetch("http://198.51.100.7/blocked").catch(() => undefined));
  await page.goto("/api/endpoints"); // 401 without a session: not allowed
  guard.allow({ method: "GET", url: /\/api\/audit$/, status: 401 });
  await page.goto("/api/audit"); // 401, allowed
  await context.close();

  const problems = await guard.collect();
  expect(problems.some((p) => /^CSP violation .*connect-src.*198\.51\.100\.7/.test(p)), problems.join("\n")).toBe(true);
  expect(problems.some((p) => /^unexpected 401: GET http:\/\/[^ ]+\/api\/endpoints\n/.test(p)), problems.join("\n")).toBe(true);
  expect(problems.some((p) => p.includes("/api/audit")), problems.join("\n")).toBe(false);
  expect(guard.allowedSeen.map((a) => `${a.method} ${new URL(a.url).pathname} ${a.status}`)).toEqual(["GET /api/audit 401"]);
});
