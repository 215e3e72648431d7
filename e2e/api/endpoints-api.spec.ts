import { expect, test } from "@playwright/test";

test("health reports the console and a reachable local engine", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ console: "ok", backend: { kind: "local", reachable: true } });
});

test("bad input gets 422 with a readable message; a multi-GPU MME gets SageMaker's refusal", async ({ request }) => {
  const bad = await request.post("/api/endpoints", { data: { name: "", instanceCount: 0 } });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.error.code).toBe("unprocessable");
  expect(body.error.message).toMatch(/name/);

  const notJson = await request.post("/api/endpoints", { data: Buffer.from("{nope"), headers: { "content-type": "application/json" } });
  expect(notJson.status()).toBe(400);

  const input = {
    name: `p4d-${Date.now().toString(36)}`,
    instanceType: "ml.p4d.24xlarge",
    instanceCount: 1,
    modelDataUrl: "s3://mme-models/",
    executionRoleArn: "arn:aws:iam::000000000000:role/SageMakerExecutionRole",
    image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
  };
  const multiGpu = await request.post("/api/endpoints", { data: input });
  expect(multiGpu.status()).toBe(400);
  const refused = await multiGpu.json();
  expect(refused.error.code).toBe("ValidationException");
  expect(refused.error.message).toContain("ml.p4d.24xlarge");

  // The failed create left nothing behind: the model it made first was deleted again, so the
  // same name on a single-GPU type goes through (it would clash with a leftover model otherwise).
  const retry = await request.post("/api/endpoints", { data: { ...input, instanceType: "ml.g5.xlarge" } });
  expect(retry.status()).toBe(201);
  // SageMaker refuses to delete an endpoint while it is Creating: wait for InService first.
  await expect
    .poll(async () => (await (await request.get(`/api/endpoints/${input.name}`)).json()).status, { timeout: 20_000 })
    .toBe("InService");
  const del = await request.delete(`/api/endpoints/${input.name}`, { data: { deleteResources: true } });
  expect(del.status()).toBe(200);
});

test("an unknown endpoint is a 404 with a message", async ({ request }) => {
  const res = await request.get("/api/endpoints/does-not-exist");
  expect(res.status()).toBe(404);
  expect((await res.json()).error.message).toContain("does-not-exist");
});
