import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

const SRC = path.resolve("fixtures/models/src/onnx-add");

/** A valid package made slow to send (8 MiB of incompressible extra weights). */
function slowPackage(): Buffer {
  return Buffer.from(
    buildTarGz([
      { name: "onnx-add/config.pbtxt", data: fs.readFileSync(path.join(SRC, "config.pbtxt")) },
      { name: "onnx-add/1/model.onnx", data: fs.readFileSync(path.join(SRC, "1", "model.onnx")) },
      { name: "onnx-add/1/extra-weights.bin", data: randomBytes(8 * 1024 * 1024) },
    ]),
  );
}

async function newEndpoint(page: import("@playwright/test").Page, prefix: string) {
  const endpoint = `${prefix}-${Date.now().toString(36)}`;
  expect((await consoleApi(page).post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  return endpoint;
}

// Closing the tab mid-upload left an "uploading" row for good (still there after a restart).
test("closing the tab in the middle of an upload aborts it: no uploading row is left", async ({ page, context }) => {
  await signInAs(page, "admin");
  const endpoint = await newEndpoint(page, "closedtab");
  const api = consoleApi(page);

  const tab = await context.newPage();
  await tab.goto(`/endpoints/${endpoint}/models`);
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  await tab.getByTestId("package-input").setInputFiles({ name: "onnx-add.tar.gz", mimeType: "application/gzip", buffer: slowPackage() });
  await expect(tab.getByTestId("package-verdict")).toContainText("loadable");
  await tab.getByTestId("upload-button").click();
  await expect(tab.getByTestId("upload-progress")).toContainText(/KiB|MiB of 8\.\d MiB/);
  const detail = async () => (await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()) as { versions: { version: number; state: string }[] };
  expect((await detail()).versions).toEqual([expect.objectContaining({ version: 1, state: "uploading" })]);

  await tab.close({ runBeforeUnload: true });
  await expect.poll(async () => (await detail()).versions).toEqual([]);
  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await expect(page.getByTestId("versions-table")).toBeVisible();
  await expect(page.getByTestId("version-row-1")).toHaveCount(0);
});

// A browser that vanished without a word (crashed, offline, asleep) cannot abort its upload: the
// console expires it after MME_UPLOAD_EXPIRY_S of silence. Run with a short one, e.g.
// MME_UPLOAD_EXPIRY_S=5 npx playwright test e2e/ui/upload-abandoned.spec.ts (the default is an hour).
const EXPIRY_S = Number(process.env.MME_UPLOAD_EXPIRY_S ?? 3600);
test("an upload nobody finishes expires: its row goes when the models are listed after the expiry", async ({ page }) => {
  test.skip(!(EXPIRY_S <= 30), `needs a short MME_UPLOAD_EXPIRY_S for the stack (it is ${EXPIRY_S} s)`);
  await signInAs(page, "admin");
  const endpoint = await newEndpoint(page, "expiry");
  const api = consoleApi(page);
  const started = await api.post(`/api/endpoints/${endpoint}/uploads`, { model: "onnx-add", size: 1000 });
  expect(started.status()).toBe(201);
  expect((await started.json()).expiresAfterIdleS).toBe(EXPIRY_S);

  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await expect(page.getByTestId("version-row-1")).toContainText("uploading");
  await page.waitForTimeout(EXPIRY_S * 1000 + 500);
  await page.goto(`/endpoints/${endpoint}/models`);
  await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-latest")).toContainText("— (0)");
  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  await expect(page.getByTestId("versions-table")).toBeVisible();
  await expect(page.getByTestId("version-row-1")).toHaveCount(0);
});
