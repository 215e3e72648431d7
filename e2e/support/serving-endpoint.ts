import { expect } from "@playwright/test";
import { endpointInput, type consoleApi } from "./auth";

/** A MultiModel endpoint over `s3://mme-models/<name>/`, created through the console's API; resolves once it is InService. */
export async function createServingEndpoint(api: ReturnType<typeof consoleApi>, name: string): Promise<void> {
  expect((await api.post("/api/endpoints", endpointInput(name, { modelDataUrl: `s3://mme-models/${name}/` }))).status()).toBe(201);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${name}`)).json()).status, { timeout: 20_000 }).toBe("InService");
}
