import { expect, test } from "@playwright/test";
import { signInAs } from "../support/auth";
import { playgroundEndpoint } from "../support/playground-models";

/** `/playground?endpoint=&model=&ref=` (what "Open in playground" links to) opens that target, not the defaults. */
test("the playground opens the model and version the URL names", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const endpoint = `pgl-${Date.now().toString(36)}`;
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  await playgroundEndpoint(adminPage, endpoint); // onnx-add sorts first: it is the default model

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${endpoint}&model=onnx-two-versions&ref=v2`);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("v:2");
  await page.getByTestId("pg-send").click();
  // v2 subtracts: the form's example (0, 1, 2, 3 twice) gives zeros.
  await expect(page.getByTestId("pg-result-0").getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("0, 0, 0, 0");

  await page.goto(`/playground?endpoint=${endpoint}&model=onnx-two-versions&version=2`);
  await expect(page.getByTestId("pg-ref")).toHaveValue("v:2");
  await page.goto(`/playground?endpoint=${endpoint}&model=onnx-two-versions&ref=production`);
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");

  // A version that is not there is said so, not silently replaced.
  await page.goto(`/playground?endpoint=${endpoint}&model=onnx-two-versions&ref=v9`);
  await expect(page.getByTestId("pg-ref-notice")).toHaveText("v9 is not a ready version or alias of onnx-two-versions; showing production (v1).");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");

  // "Open in playground" from the model page and from a version's row lead there too.
  await page.goto(`/endpoints/${endpoint}/models/onnx-two-versions`);
  await page.getByTestId("open-in-playground-2").click();
  await expect(page).toHaveURL(/\/playground\?/);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("v:2");
  await page.goto(`/endpoints/${endpoint}/models/onnx-two-versions`);
  await page.getByTestId("open-in-playground").click();
  await expect(page).toHaveURL(/\/playground\?/);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");
});
