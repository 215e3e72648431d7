import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

const SRC = path.resolve("fixtures/models/src/onnx-add");

/** A valid package made big (48 MiB of incompressible extra weights) so that an upload takes a while. */
function bigPackage(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mme-big-")), "onnx-add-big.tar.gz");
  const bytes = buildTarGz([
    { name: "onnx-add/", type: "dir" },
    { name: "onnx-add/config.pbtxt", data: fs.readFileSync(path.join(SRC, "config.pbtxt")) },
    { name: "onnx-add/1/", type: "dir" },
    { name: "onnx-add/1/model.onnx", data: fs.readFileSync(path.join(SRC, "1", "model.onnx")) },
    { name: "onnx-add/1/extra-weights.bin", data: randomBytes(48 * 1024 * 1024) },
  ]);
  fs.writeFileSync(file, bytes);
  return file;
}

test("an upload shows its progress and can be cancelled, leaving no version behind", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `cancel-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  expect((await api.post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);

  // Slow the browser's uploads down (2 MiB/s) so there is time to watch and cancel.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });

  await page.getByTestId("package-input").setInputFiles(bigPackage());
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();
  const progress = page.getByTestId("upload-progress");
  await expect(progress).toContainText(/MiB of 48\.\d MiB · [\d.]+ (KiB|MiB)\/s · .* left/);
  await page.getByTestId("upload-cancel").click();
  await expect(page.getByTestId("error-banner")).toContainText("cancelled");

  // Nothing was kept: no version, and the reserved number is released in the model's head.
  const models = await (await api.get(`/api/endpoints/${endpoint}/models`)).json();
  const row = models.models.find((m: { name: string }) => m.name === "onnx-add");
  expect(row?.versionCount ?? 0).toBe(0);
  const detail = await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json();
  expect(detail.versions).toEqual([]);
});

test("an upload that loses the storage endpoint fails with a clear error and keeps nothing", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `fail-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  expect((await api.post("/api/endpoints", endpointInput(endpoint, { modelDataUrl: `s3://mme-models/${endpoint}/` }))).status()).toBe(201);
  await page.goto(`/endpoints/${endpoint}/models`);
  await page.getByTestId("package-input").setInputFiles(path.resolve("fixtures/models/onnx-add.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");

  // The parts go straight to S3 (the engine's port, not the console's): make every such request fail.
  const consoleOrigin = new URL(page.url()).origin;
  await page.route((url) => url.origin !== consoleOrigin && url.pathname.startsWith("/mme-models/"), (route) => route.abort("connectionrefused"));
  await page.getByTestId("upload-button").click();
  const banner = page.getByTestId("error-banner");
  await expect(banner).toContainText("Upload failed");
  await expect(banner).toContainText("storage endpoint could not be reached");

  const detail = await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json();
  expect(detail.versions).toEqual([]);
});
