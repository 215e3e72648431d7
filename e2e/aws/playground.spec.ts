import fs from "node:fs";
import path from "node:path";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, signInAs } from "../support/auth";
import { createAwsEndpoint, uniqueName, uploadViaApi } from "../support/aws-endpoints";
import { expect, test } from "../support/aws-fixtures";
import { queueInvokeResults } from "../support/aws-moto";

const SRC = path.resolve("fixtures/models/src/onnx-two-versions");

/** The fixture's Triton version 1 adds and version 2 subtracts: one package per console version. */
function packageWith(tritonVersion: 1 | 2): Uint8Array {
  const config = fs.readFileSync(path.join(SRC, "config.pbtxt"), "utf8").replace(/version_policy: \{ all \{ \} \}\n/, "");
  return buildTarGz([
    { name: "onnx-two-versions/", type: "dir" },
    { name: "onnx-two-versions/config.pbtxt", data: config },
    { name: "onnx-two-versions/1/", type: "dir" },
    { name: "onnx-two-versions/1/model.onnx", data: fs.readFileSync(path.join(SRC, String(tritonVersion), "model.onnx")) },
  ]);
}

/** A KServe v2 answer as Triton behind SageMaker would give it for the form's default input (0, 1, 2, 3 twice). */
const v2Answer = (version: number, data: number[]) =>
  JSON.stringify({ model_name: "onnx-two-versions", model_version: String(version), outputs: [{ name: "OUTPUT0", datatype: "FP32", shape: [1, 4], data }] });

test("a viewer invokes a model from the playground form against SageMaker's runtime, and compares two versions", async ({ page, newContext, moto }) => {
  const endpoint = uniqueName("pg");
  const adminPage = await (await newContext()).newPage();
  await signInAs(adminPage, "admin");
  const admin = consoleApi(adminPage);
  await createAwsEndpoint(admin, endpoint);
  // moto runs no model: InvokeEndpoint answers from a queue the test fills. Each new request
  // (endpoint, target model, body) takes the next answer; the same request again gets the same one.
  // Queued before the uploads: each version's verification sends the playground's example request
  // first (v1's, then v2's), so it takes the answer the playground then gets again.
  await queueInvokeResults(moto.url, [
    { Body: v2Answer(1, [0, 2, 4, 6]), ContentType: "application/json", InvokedProductionVariant: "AllTraffic" },
    { Body: v2Answer(2, [0, 0, 0, 0]), ContentType: "application/json", InvokedProductionVariant: "AllTraffic" },
  ]);
  expect(await uploadViaApi(adminPage, endpoint, "onnx-two-versions", packageWith(1))).toBe(1);
  expect(await uploadViaApi(adminPage, endpoint, "onnx-two-versions", packageWith(2))).toBe(2);
  expect((await admin.put(`/api/endpoints/${endpoint}/models/onnx-two-versions/aliases/production`, { version: 1 })).status()).toBe(200);


  await signInAs(page, "viewer", `/playground?endpoint=${endpoint}`);
  await expect(page.getByTestId("pg-model")).toHaveValue("onnx-two-versions");
  await expect(page.getByTestId("pg-ref")).toHaveValue("a:production");
  // The form comes from the signature the registry recorded at upload: one field per input.
  await expect(page.getByTestId("pg-input-INPUT0")).toContainText("FP32");
  await expect(page.getByLabel("INPUT0 shape")).toHaveValue("1,4");
  await expect(page.getByLabel("INPUT0 values")).toHaveValue("0, 1, 2, 3");

  await page.getByTestId("pg-send").click();
  const first = page.getByTestId("pg-result-0");
  await expect(first.getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("0, 2, 4, 6");
  // SageMaker (and moto) do not say whether a request loaded its model: no cold/warm verdict on AWS.
  await expect(first.getByTestId("cache-state")).toHaveText("load: unknown");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-history").locator("li")).toHaveCount(2);

  // Bad input is explained before anything is sent.
  await page.getByLabel("INPUT1 values").fill("1, 2");
  await page.getByTestId("pg-send").click();
  await expect(page.getByTestId("pg-form-error")).toContainText("needs 4 values, got 2");
  await page.getByLabel("INPUT1 values").fill("0, 1, 2, 3");

  await page.getByTestId("pg-compare-ref").selectOption("v:2");
  await page.getByTestId("pg-compare").click();
  await expect(page.getByTestId("pg-result-1").getByTestId("output-OUTPUT0").getByTestId("output-data")).toHaveText("0, 0, 0, 0");
  await expect(page.getByTestId("compare-summary")).toContainText("OUTPUT0: max |Δ| = 6, 3 of 4 elements differ");
  // The engine suite also sends a request the model refuses and expects ModelError: moto's
  // InvokeEndpoint only ever answers 200 from its queue (moto/sagemakerruntime/responses.py), so a
  // container error cannot be provoked here.

  // On AWS the console publishes each invocation's per-model series itself (PutMetricData,
  // namespace MMEConsole, dimensions EndpointName and TargetModel): v1 three times, v2 once.
  const invocationsOf = async (targetModel: string) => {
    const now = Date.now();
    const out = await moto.clients.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Math.floor((now - 15 * 60_000) / 60_000) * 60_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: [
          {
            Id: "q0",
            MetricStat: {
              Metric: { Namespace: "MMEConsole", MetricName: "Invocations", Dimensions: [{ Name: "EndpointName", Value: endpoint }, { Name: "TargetModel", Value: targetModel }] },
              Period: 60,
              Stat: "Sum",
            },
          },
        ],
      }),
    );
    return (out.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
  };
  await expect.poll(() => invocationsOf("onnx-two-versions/v1.tar.gz")).toBe(3);
  await expect.poll(() => invocationsOf("onnx-two-versions/v2.tar.gz")).toBe(1);
});
