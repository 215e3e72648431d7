import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { LOCAL_ENGINE_DEFAULTS } from "../../lib/local-engine-defaults";
import { signInAs } from "../support/auth";
import { playgroundEndpoint } from "../support/playground-models";

/** The keys the e2e stack's engine runs with (scripts/stack uses the same fallbacks). */
const KEYS = {
  accessKeyId: process.env.MME_ENGINE_ACCESS_KEY_ID ?? LOCAL_ENGINE_DEFAULTS.accessKeyId,
  secretAccessKey: process.env.MME_ENGINE_SECRET_ACCESS_KEY ?? LOCAL_ENGINE_DEFAULTS.secretAccessKey,
};

/**
 * "Request as code": the form's request as curl, AWS CLI, boto3 and JavaScript, copied with one
 * click, with no credentials in it; the copied curl command, run here, gets the model's answer.
 */
test("the request as code is copied with one click, holds no secret, and runs", async ({ browser }) => {
  test.slow(); // it creates endpoints and uploads versions before the page is looked at
  const endpoint = `pgcode-${Date.now().toString(36)}`;
  const adminPage = await (await browser.newContext()).newPage();
  await signInAs(adminPage, "admin");
  await playgroundEndpoint(adminPage, endpoint, { withOnnxAdd: false });

  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await signInAs(page, "viewer", `/playground?endpoint=${endpoint}&model=onnx-two-versions`);
  await page.getByLabel("INPUT0 values").fill("1, 1, 1, 1");
  await page.getByTestId("pg-as-code").locator("summary").click();
  const code = page.getByTestId("pg-code");
  // production stands for v1: SageMaker knows no aliases, so the code names the version.
  await expect(code).toContainText(`-H 'X-Amzn-SageMaker-Target-Model: onnx-two-versions/v1.tar.gz'`);
  await expect(code).toContainText(`/endpoints/${endpoint}/invocations`);
  await expect(code).toContainText(`"name":"INPUT0","shape":[1,4],"datatype":"FP32","data":[1,1,1,1]`);
  await expect(page.getByTestId("pg-as-code")).toContainText("this names v1, which production stands for now");

  for (const [tab, expected] of [
    ["aws-cli", "aws sagemaker-runtime invoke-endpoint"],
    ["boto3", `boto3.client("sagemaker-runtime"`],
    ["javascript", "new InvokeEndpointCommand({"],
    ["curl", "--aws-sigv4"],
  ] as const) {
    await page.getByTestId(`pg-code-tab-${tab}`).click();
    await expect(code).toContainText(expected);
    await expect(code).toContainText("onnx-two-versions/v1.tar.gz");
    const text = await code.textContent();
    expect(text).not.toContain(KEYS.secretAccessKey);
    expect(text).not.toContain(KEYS.accessKeyId);
  }

  await page.getByTestId("pg-code-copy").click();
  await expect(page.getByTestId("pg-code-copy")).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await code.textContent());

  // The copied command, run as a user would with the engine's keys in the environment.
  const out = execFileSync("bash", ["-c", copied], {
    encoding: "utf8",
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey },
  });
  // v1 adds: INPUT0 (1, 1, 1, 1) + INPUT1 (the example 0, 1, 2, 3).
  expect(JSON.parse(out).outputs[0]).toMatchObject({ name: "OUTPUT0", data: [1, 2, 3, 4] });
});
