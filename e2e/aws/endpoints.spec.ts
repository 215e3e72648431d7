import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DeleteEndpointCommand } from "@aws-sdk/client-sagemaker";
import { consoleApi, signInAs, TRITON_IMAGE } from "../support/auth";
import { awsEndpointInput, uniqueName } from "../support/aws-endpoints";
import { expect, test } from "../support/aws-fixtures";
import { MOTO_GPU_TYPE, MOTO_ROLE_ARN, PLAIN_BUCKET } from "../support/aws-moto";

test("the list shows every endpoint of the account, also those made outside the console, and finds them by search", async ({ page, moto, guard }) => {
  // An MME made the way a script or CloudFormation would, straight through SageMaker's API.
  const sm = moto.clients.sagemaker;
  const name = uniqueName("outside");
  await sm.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: MOTO_ROLE_ARN,
      PrimaryContainer: { Image: TRITON_IMAGE, Mode: "MultiModel", ModelDataUrl: `s3://${PLAIN_BUCKET}/${name}/` },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${name}-cfg`,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: name, InstanceType: MOTO_GPU_TYPE, InitialInstanceCount: 2, InitialVariantWeight: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-cfg` }));

  await signInAs(page, "viewer");
  const row = page.getByTestId(`endpoint-row-${name}`);
  await expect(row.getByTestId("status-badge")).toHaveText("InService");
  await page.getByTestId("endpoint-search").fill(name);
  await expect(page.getByTestId("endpoints-table").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("endpoint-search").fill(`${name}-no-such`);
  await expect(row).toHaveCount(0);
  await page.getByTestId("endpoint-search").fill(name);

  // Its page reads the config and the model SageMaker has for it.
  await row.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${name}$`));
  await expect(page.getByTestId("endpoint-title").getByTestId("status-badge")).toHaveText("InService");
  await expect(page.getByTestId("instance-type")).toHaveText(MOTO_GPU_TYPE);
  await expect(page.getByTestId("current-instance-count")).toHaveText("2");
  await expect(page.getByTestId("model-data-url")).toHaveText(`s3://${PLAIN_BUCKET}/${name}/`);

  // Deleted outside the console: its page says so (the 404 is what the page asks for here).
  await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
  guard.allow({ method: "GET", url: new RegExp(`/api/endpoints/${name}$`), status: 404 });
  await page.reload();
  await expect(page.getByTestId("endpoint-gone")).toContainText("does not exist");
});

test("an unknown endpoint is a 404 with a message, from the API and on its page", async ({ page, guard }) => {
  await signInAs(page, "viewer");
  const res = await consoleApi(page).get("/api/endpoints/does-not-exist");
  expect(res.status()).toBe(404);
  expect((await res.json()).error.message).toContain("does-not-exist");
  guard.allow({ method: "GET", url: /\/api\/endpoints\/does-not-exist$/, status: 404 });
  await page.goto("/endpoints/does-not-exist");
  await expect(page.getByTestId("endpoint-gone")).toBeVisible();
});

test("a viewer sees endpoints but cannot change them, in the UI or by calling the API", async ({ page, newContext }) => {
  const name = uniqueName("view");
  const adminPage = await (await newContext()).newPage();
  await signInAs(adminPage, "admin");
  const admin = consoleApi(adminPage);
  expect((await admin.post("/api/endpoints", awsEndpointInput(name))).status()).toBe(201);

  await signInAs(page, "viewer");
  await expect(page.getByTestId(`endpoint-row-${name}`)).toBeVisible();
  await expect(page.getByTestId("create-endpoint-link")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await page.getByTestId(`endpoint-row-${name}`).getByRole("link", { name }).click();
  await expect(page.getByTestId("endpoint-title").getByTestId("status-badge")).toHaveText("InService");
  await expect(page.getByTestId("delete-endpoint")).toBeDisabled();
  await expect(page.getByTestId("instance-count-input")).toBeDisabled();

  const viewer = consoleApi(page);
  const del = await viewer.delete(`/api/endpoints/${name}`, { deleteResources: true });
  expect(del.status()).toBe(403);
  expect((await del.json()).error.message).toContain("viewer");
  expect((await viewer.patch(`/api/endpoints/${name}`, { instanceCount: 3 })).status()).toBe(403);
  expect((await viewer.post("/api/endpoints", awsEndpointInput(`${name}-x`))).status()).toBe(403);
  expect((await viewer.get("/api/audit")).status()).toBe(403);

  // Nothing changed in SageMaker, and the refusals are in the audit log.
  expect((await (await viewer.get(`/api/endpoints/${name}`)).json()).status).toBe("InService");
  const log = await (await admin.get("/api/audit?limit=50")).json();
  const refused = log.entries.filter((e: { actor: string; result: string }) => e.actor === "viewer@example.com" && e.result === "refused");
  expect(refused.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["DeleteEndpoint", "UpdateEndpoint", "CreateEndpoint"]));
});
