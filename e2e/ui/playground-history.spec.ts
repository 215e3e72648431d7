import { expect, test } from "@playwright/test";
import { signInAs } from "../support/auth";
import { playgroundEndpoint } from "../support/playground-models";

/** The history survives a reload, is kept per endpoint, shows times in UTC as the rest of the console, and reuses a past request. */
test("the playground's history survives a reload, per endpoint, in UTC", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const stamp = Date.now().toString(36);
  const [a, b] = [`pgh-a-${stamp}`, `pgh-b-${stamp}`];
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  await playgroundEndpoint(adminPage, a);
  await playgroundEndpoint(adminPage, b, { withOnnxAdd: false });

  const page = await (await browser.newContext({ timezoneId: "America/Los_Angeles", locale: "en-US" })).newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${a}`);
  // Chosen in the form, not by the URL: this test is about what follows the choice.
  await page.getByTestId("pg-model").selectOption("onnx-two-versions");
  await page.getByLabel("INPUT0 values").fill("1, 1, 1, 1");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-result-0").getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("1, 2, 3, 4");
  const history = page.getByTestId("pg-history").locator("li");
  await expect(history).toHaveCount(1);
  // The console's time format (lib/format.ts), not the browser's local 12-hour clock.
  await expect(history.first().getByTestId("pg-history-at")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

  await page.reload();
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("onnx-two-versions");
  await expect(history.first()).toContainText("v1 (production)");

  // Another endpoint has its own history.
  await page.getByTestId("pg-endpoint").selectOption(b);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-history")).toHaveCount(0);
  await page.getByTestId("pg-endpoint").selectOption(a);
  await expect(history).toHaveCount(1);

  // Reuse after the reload: from another model, it goes back to the one it ran on, with its request.
  await page.getByTestId("pg-model").selectOption("onnx-add");
  await history.first().getByRole("button", { name: "reuse request" }).click();
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");
  expect(JSON.parse(await page.getByTestId("pg-raw").inputValue()).inputs[0].data).toEqual([1, 1, 1, 1]);
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-result-0").getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("1, 2, 3, 4");
  await expect(history).toHaveCount(2);
});
