import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";
import { createServingEndpoint } from "../support/serving-endpoint";
import { uploadPackage } from "../support/upload-package";

const ONNX_ADD = new Uint8Array(fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz")));

// An alias named like a version ("v3") or "latest" showed, in the playground and the versions
// table, two different things under one name: the form and the API refuse such names, saying why.
test("an alias cannot be named like a version or a reserved word, in the form or through the API", async ({ page }) => {
  await signInAs(page, "admin");
  const endpoint = `aliasnames-${Date.now().toString(36)}`;
  const api = consoleApi(page);
  // InService before the uploads, so that they verify: an alias goes only to a verified version.
  await createServingEndpoint(api, endpoint);
  await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD);
  await uploadPackage(page, endpoint, "onnx-add", ONNX_ADD);

  for (const [name, why] of [
    ["v3", `"v3" reads as a version number; aliases cannot be named v followed by digits`],
    ["latest", `"latest" is reserved`],
  ] as const) {
    const res = await api.put(`/api/endpoints/${endpoint}/models/onnx-add/aliases/${name}`, { version: 1 });
    expect(res.status()).toBe(422);
    expect((await res.json()).error.message).toContain(why);
  }

  await page.goto(`/endpoints/${endpoint}/models/onnx-add`);
  const name = page.getByTestId("alias-name");
  await name.fill("v1");
  await expect(page.getByTestId("alias-name-error")).toContainText(`"v1" reads as a version number`);
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("alias-save")).toBeDisabled();
  await name.fill("latest");
  await expect(page.getByTestId("alias-name-error")).toContainText(`"latest" is reserved`);
  await expect(page.getByTestId("alias-save")).toBeDisabled();

  // A name that only starts like a version is fine.
  await name.fill("v1-stable");
  await expect(page.getByTestId("alias-name-error")).toHaveCount(0);
  await page.getByTestId("alias-version").selectOption("1");
  await page.getByTestId("alias-save").click();
  await page.getByTestId("move-warm").uncheck();
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-v1-stable")).toHaveText("v1-stable → v1");
  expect((await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()).aliases).toEqual({ "v1-stable": 1 });
});
