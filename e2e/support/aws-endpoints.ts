import { expect, type APIResponse, type Page } from "@playwright/test";
import { consoleApi, TRITON_IMAGE } from "./auth";
import { MOTO_GPU_TYPE, MOTO_ROLE_ARN, PLAIN_BUCKET } from "./aws-moto";

/** The create form's input for an MME on moto: a GPU type moto knows, moto's account's role. */
export function awsEndpointInput(name: string, over: Record<string, unknown> = {}) {
  return {
    name,
    instanceType: MOTO_GPU_TYPE,
    instanceCount: 1,
    modelDataUrl: `s3://${PLAIN_BUCKET}/${name}/`,
    executionRoleArn: MOTO_ROLE_ARN,
    image: TRITON_IMAGE,
    ...over,
  };
}

/**
 * A multi-model endpoint made through the console's API. moto makes endpoints InService at once
 * (it has no Creating state: moto/sagemaker/models.py FakeEndpoint), so it serves straight away.
 */
export async function createAwsEndpoint(api: ReturnType<typeof consoleApi>, name: string, over: Record<string, unknown> = {}): Promise<void> {
  const res = await api.post("/api/endpoints", awsEndpointInput(name, over));
  expect(res.status(), `create ${name}: ${await res.text()}`).toBe(201);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${name}`)).json()).status).toBe("InService");
}

/** A name no earlier run used (moto keeps state for the whole run). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
}

/**
 * Uploads a package through the console's upload API as the browser does (reserve, presigned part
 * PUT, complete), for specs whose subject is not the upload form; every step's answer is checked,
 * its body in the message. The part goes from the test process, not the page (no CSP involved).
 */
export async function uploadViaApi(page: Page, endpoint: string, model: string, bytes: Uint8Array): Promise<number> {
  const api = consoleApi(page);
  const base = `/api/endpoints/${endpoint}/uploads`;
  const checked = async (what: string, res: APIResponse, status: number) => {
    expect(res.status(), `${what} answered ${res.status()}: ${await res.text()}`).toBe(status);
    return res.json();
  };
  const session = await checked(`POST ${base}`, await api.post(base, { model, size: bytes.length }), 201);
  const { parts } = await checked(`POST ${base}/parts`, await api.post(`${base}/parts`, { key: session.key, uploadId: session.uploadId, partNumbers: [1] }), 200);
  const put = await page.request.put(parts[0].url, { data: Buffer.from(bytes) });
  expect(put.status(), `PUT ${parts[0].url} answered ${put.status()}: ${await put.text()}`).toBe(200);
  const parts1 = [{ partNumber: 1, etag: put.headers()["etag"] }];
  const done = await checked(`POST ${base}/complete`, await api.post(`${base}/complete`, { key: session.key, uploadId: session.uploadId, parts: parts1 }), 200);
  return done.version;
}
