import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { EndpointsPage } from "./endpoints-page";

test("a viewer sees endpoints but cannot change them, in the UI or by calling the API", async ({ browser }) => {
  const name = `view-${Date.now().toString(36)}`;

  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  const admin = consoleApi(adminPage);
  expect((await admin.post("/api/endpoints", endpointInput(name))).status()).toBe(201);

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer");
  const ep = new EndpointsPage(page);
  await expect(ep.row(name)).toBeVisible();
  await expect(page.getByTestId("create-endpoint-link")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await ep.row(name).getByRole("link", { name }).click();
  await ep.expectStatus("InService");
  await expect(page.getByTestId("delete-endpoint")).toBeDisabled();
  await expect(page.getByTestId("instance-count-input")).toBeDisabled();

  // The server refuses anyway, with a valid CSRF token so that the role is what refuses.
  const viewer = consoleApi(page);
  const del = await viewer.delete(`/api/endpoints/${name}`, { deleteResources: true });
  expect(del.status()).toBe(403);
  expect((await del.json()).error.message).toContain("viewer");
  expect((await viewer.patch(`/api/endpoints/${name}`, { instanceCount: 3 })).status()).toBe(403);
  expect((await viewer.post("/api/endpoints", endpointInput(`${name}-x`))).status()).toBe(403);
  expect((await viewer.get("/api/audit")).status()).toBe(403);
  await page.goto("/audit");
  await expect(page.getByTestId("audit-forbidden")).toBeVisible();

  // Nothing changed, and the refusals are in the audit log.
  expect((await (await viewer.get(`/api/endpoints/${name}`)).json()).status).toBe("InService");
  const log = await (await admin.get("/api/audit?limit=50")).json();
  const refused = log.entries.filter((e: { actor: string; result: string }) => e.actor === "viewer@example.com" && e.result === "refused");
  expect(refused.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["DeleteEndpoint", "UpdateEndpoint", "CreateEndpoint"]));
});
