import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { consoleApi } from "./auth";

/**
 * Uploads a package through the console's upload API as the browser does (reserve, presigned
 * part PUT, complete), for tests whose subject is not the upload form itself.
 */
export async function uploadPackage(page: Page, endpoint: string, model: string, bytes: Uint8Array): Promise<number> {
  const api = consoleApi(page);
  const base = `/api/endpoints/${endpoint}/uploads`;
  const session = await (await api.post(base, { model, size: bytes.length })).json();
  const { parts } = await (await api.post(`${base}/parts`, { key: session.key, uploadId: session.uploadId, partNumbers: [1] })).json();
  const put = await page.request.put(parts[0].url, { data: Buffer.from(bytes) });
  expect(put.status()).toBe(200);
  const done = await api.post(`${base}/complete`, { key: session.key, uploadId: session.uploadId, parts: [{ partNumber: 1, etag: put.headers()["etag"] }] });
  expect(done.status()).toBe(200);
  return (await done.json()).version;
}
