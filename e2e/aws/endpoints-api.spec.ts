import { DescribeModelCommand, ListEndpointConfigsCommand } from "@aws-sdk/client-sagemaker";
import { consoleApi, signInAs } from "../support/auth";
import { awsEndpointInput, uniqueName } from "../support/aws-endpoints";
import { expect, test } from "../support/aws-fixtures";

test.beforeEach(async ({ page }) => signInAs(page, "admin"));

test("bad input gets 422, a body that is not JSON 400, an oversized one 413, before any AWS call", async ({ page }) => {
  const api = consoleApi(page);
  const bad = await api.post("/api/endpoints", { name: "", instanceCount: 0 });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ code: "unprocessable", message: expect.stringMatching(/name/) });

  const notJson = await page.request.post("/api/endpoints", {
    data: Buffer.from("{nope"),
    headers: { ...(await api.csrfHeaders()), "content-type": "application/json" },
  });
  expect(notJson.status()).toBe(400);
  expect((await api.post("/api/endpoints", { ...awsEndpointInput("big"), padding: "x".repeat(70_000) })).status()).toBe(413);
});

test("a create SageMaker refuses keeps SageMaker's code and message, and leaves nothing behind", async ({ page, moto }) => {
  const api = consoleApi(page);
  const name = uniqueName("refused");
  // The engine suite provokes SageMaker's refusal of a multi-GPU MultiModel type; moto 5.2 does
  // not check MultiModel against the instance type. It does refuse a type outside its enum
  // (ml.g5.* is not in moto's list), at CreateEndpointConfig: the step after CreateModel, so the
  // console must delete the model it had already made.
  const refused = await api.post("/api/endpoints", awsEndpointInput(name, { instanceType: "ml.g5.xlarge" }));
  expect(refused.status()).toBe(400);
  const body = await refused.json();
  expect(body.error.code).toBe("ValidationException");
  expect(body.error.message).toContain("ml.g5.xlarge");

  const sm = moto.clients.sagemaker;
  await expect(sm.send(new DescribeModelCommand({ ModelName: name }))).rejects.toThrow(/Could not find model/);
  expect((await sm.send(new ListEndpointConfigsCommand({ NameContains: name }))).EndpointConfigs ?? []).toEqual([]);

  // So the same name goes through on a type moto knows, and is deleted with its resources.
  expect((await api.post("/api/endpoints", awsEndpointInput(name))).status()).toBe(201);
  const del = await api.delete(`/api/endpoints/${name}`, { deleteResources: true });
  expect(del.status()).toBe(200);
  expect((await del.json()).deleted).toEqual(expect.arrayContaining([`endpoint/${name}`, `model/${name}`]));
});
