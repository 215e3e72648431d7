import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";
import { playgroundEndpoint } from "../support/playground-models";

/** Only InService endpoints take invocations: the playground offers no other, and says why one is missing. */
test("a failed endpoint is not offered in the playground, and the page says why", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const stamp = Date.now().toString(36);
  const failed = `pge-failed-${stamp}`;
  const serving = `pge-ok-${stamp}`;
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  const admin = consoleApi(adminPage);
  // Its model data bucket does not exist: the engine fails the endpoint, as SageMaker does.
  expect((await admin.post("/api/endpoints", endpointInput(failed, { modelDataUrl: `s3://no-such-bucket-${stamp}/` }))).status()).toBe(201);
  await expect.poll(async () => (await (await admin.get(`/api/endpoints/${failed}`)).json()).status, { timeout: 20_000 }).toBe("Failed");
  await playgroundEndpoint(adminPage, serving, { withOnnxAdd: false });

  const page = await (await browser.newContext()).newPage();
  const asked: string[] = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  await signInAs(page, "viewer", `/playground?endpoint=${failed}`);
  await expect(page.getByTestId("pg-endpoint-notice")).toHaveText(`${failed} is Failed: only InService endpoints take invocations.`);
  await expect(page.getByTestId("pg-not-serving")).toContainText("Not offered, as only InService endpoints take invocations");
  await expect(page.getByTestId("pg-endpoint").locator("option", { hasText: failed })).toHaveCount(0);
  await page.getByTestId("pg-endpoint").selectOption(serving);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByText("NoSuchBucket")).toHaveCount(0);
  expect(asked.filter((p) => p.startsWith(`/api/endpoints/${failed}/`))).toEqual([]);
});
