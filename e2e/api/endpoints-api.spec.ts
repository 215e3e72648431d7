import { expect, test } from "@playwright/test";
import { consoleApi, endpointInput, signInAs } from "../support/auth";

test("health is public and reports the console and a reachable local engine", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ console: "ok", backend: { kind: "local", reachable: true } });
});

test.describe("as an admin", () => {
  test.beforeEach(async ({ page }) => signInAs(page, "admin"));

  test("bad input gets 422 with a readable message; a multi-GPU MME gets SageMaker's refusal", async ({ page }) => {
    const api = consoleApi(page);
    const bad = await api.post("/api/endpoints", { name: "", instanceCount: 0 });
    expect(bad.status()).toBe(422);
    const body = await bad.json();
    expect(body.error.code).toBe("unprocessable");
    expect(body.error.message).toMatch(/name/);

    const notJson = await page.request.post("/api/endpoints", {
      data: Buffer.from("{nope"),
      headers: { ...(await api.csrfHeaders()), "content-type": "application/json" },
    });
    expect(notJson.status()).toBe(400);

    const tooBig = await api.post("/api/endpoints", { ...endpointInput("big"), padding: "x".repeat(70_000) });
    expect(tooBig.status()).toBe(413);

    const input = endpointInput(`p4d-${Date.now().toString(36)}`, { instanceType: "ml.p4d.24xlarge" });
    const multiGpu = await api.post("/api/endpoints", input);
    expect(multiGpu.status()).toBe(400);
    const refused = await multiGpu.json();
    expect(refused.error.code).toBe("ValidationException");
    expect(refused.error.message).toContain("ml.p4d.24xlarge");

    // The failed create left nothing behind: the model it made first was deleted again, so the
    // same name on a single-GPU type goes through (it would clash with a leftover model otherwise).
    const retry = await api.post("/api/endpoints", { ...input, instanceType: "ml.g5.xlarge" });
    expect(retry.status()).toBe(201);
    // SageMaker refuses to delete an endpoint while it is Creating: wait for InService first.
    await expect.poll(async () => (await (await api.get(`/api/endpoints/${input.name}`)).json()).status, { timeout: 20_000 }).toBe("InService");
    const del = await api.delete(`/api/endpoints/${input.name}`, { deleteResources: true });
    expect(del.status()).toBe(200);
  });

  test("an unknown endpoint is a 404 with a message", async ({ page }) => {
    const res = await consoleApi(page).get("/api/endpoints/does-not-exist");
    expect(res.status()).toBe(404);
    expect((await res.json()).error.message).toContain("does-not-exist");
  });
});
