import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Page, Response } from "@playwright/test";
import { buildTarGz } from "../../test/support/triton/build-tar";
import { consoleApi, signInAs } from "../support/auth";
import { createAwsEndpoint, uniqueName, uploadViaApi } from "../support/aws-endpoints";
import { expect, test } from "../support/aws-fixtures";
import { DOTTED_BUCKET, motoRequests } from "../support/aws-moto";

const FIXTURES = path.resolve("fixtures/models");
const ONNX_ADD = path.join(FIXTURES, "onnx-add.tar.gz");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Every registry endpoint of this spec keeps its models in the dotted bucket. */
const dottedPrefix = (endpoint: string) => `s3://${DOTTED_BUCKET}/${endpoint}/`;

/** A valid onnx-add package made big with incompressible extra weights (several 16 MiB parts). */
function bigPackage(mib: number): string {
  const src = path.join(FIXTURES, "src", "onnx-add");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mme-aws-big-")), "onnx-add-big.tar.gz");
  fs.writeFileSync(
    file,
    buildTarGz([
      { name: "onnx-add/", type: "dir" },
      { name: "onnx-add/config.pbtxt", data: fs.readFileSync(path.join(src, "config.pbtxt")) },
      { name: "onnx-add/1/", type: "dir" },
      { name: "onnx-add/1/model.onnx", data: fs.readFileSync(path.join(src, "1", "model.onnx")) },
      { name: "onnx-add/1/extra-weights.bin", data: randomBytes(mib * 1024 * 1024) },
    ]),
  );
  return file;
}

/**
 * What the browser sends straight to S3 (moto): every presigned part URL the console hands out and
 * every answer to a PUT on moto's origin.
 */
function watchDirectUploads(page: Page, motoUrl: string) {
  const partUrls: string[] = [];
  const puts: Response[] = [];
  page.on("response", async (r) => {
    if (r.request().method() === "PUT" && r.url().startsWith(motoUrl)) puts.push(r);
    if (r.request().method() === "POST" && /\/uploads\/parts$/.test(r.url()) && r.ok()) {
      for (const p of ((await r.json().catch(() => ({ parts: [] }))) as { parts: { url: string }[] }).parts) partUrls.push(p.url);
    }
  });
  return { partUrls, puts };
}

/**
 * A presigned UploadPart URL as the browser can use it against a custom endpoint: on moto's origin,
 * path-style (a dotted bucket cannot be a virtual host of 127.0.0.1), and with no checksum signed
 * into it. The SDK's default flexible checksums put `x-amz-checksum-crc32` of an empty body (and
 * `x-amz-sdk-checksum-algorithm`) into presigned URLs; real S3 then refuses the part's actual bytes
 * (BadDigest / InvalidRequest). moto does not check either, so the URL itself is checked here.
 */
function expectUsablePartUrl(url: string, motoUrl: string) {
  const u = new URL(url);
  expect(u.origin, url).toBe(new URL(motoUrl).origin);
  expect(u.pathname.startsWith(`/${DOTTED_BUCKET}/`), `path-style URL for ${DOTTED_BUCKET}: ${url}`).toBe(true);
  const checksumParams = [...u.searchParams.keys()].filter((k) => /^x-amz-(checksum-|sdk-checksum-algorithm)/i.test(k));
  expect(checksumParams, `checksum parameters signed into a part URL real S3 would refuse: ${url}`).toEqual([]);
}

/** Waits for the upload form's outcome, failing with the console's own error if it shows one. */
async function expectUploadDone(page: Page, text: string) {
  await expect(page.getByTestId("upload-done").or(page.getByTestId("error-banner"))).toBeVisible({ timeout: 60_000 });
  const banner = page.getByTestId("error-banner");
  if (await banner.isVisible()) throw new Error(`the upload failed: ${await banner.innerText()}`);
  await expect(page.getByTestId("upload-done")).toContainText(text);
}

/**
 * moto answers an invocation with no KServe v2 body, so no version verifies on it: every alias
 * move here is an admin's forced one, with a reason, as the move dialog offers it.
 */
const MOTO_FORCE_REASON = "moto runs no model, so nothing verifies";
async function forceMoveInDialog(page: Page): Promise<void> {
  await page.getByTestId("force-open").click();
  await page.getByTestId("force-reason").fill(MOTO_FORCE_REASON);
  await page.getByTestId("move-warm").uncheck();
}

test("an admin uploads packages from the browser straight to a dotted bucket (presigned multipart, CSP in force), sees its versions, moves an alias", async ({ page, moto }) => {
  await signInAs(page, "admin");
  const endpoint = uniqueName("models");
  await createAwsEndpoint(consoleApi(page), endpoint, { modelDataUrl: dottedPrefix(endpoint) });
  const direct = watchDirectUploads(page, moto.url);

  await page.goto(`/endpoints/${endpoint}`);
  await page.getByTestId("models-link").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${endpoint}/models$`));
  await expect(page.getByText("No models yet")).toBeVisible();

  // A broken package: the browser's check shows why, and nothing is offered for upload.
  await page.getByTestId("package-input").setInputFiles(path.join(FIXTURES, "broken", "config-syntax.tar.gz"));
  await expect(page.getByTestId("package-verdict")).toContainText("would not load");
  await expect(page.getByTestId("upload-button")).toHaveCount(0);

  // A valid one, twice: the report, the direct multipart upload from Chromium to moto's presigned
  // URLs (CORS preflight answered by the bucket's rules, ETag read from the answer), the version.
  for (const expected of [1, 2]) {
    await page.getByTestId("package-input").setInputFiles(ONNX_ADD);
    await expect(page.getByTestId("package-verdict")).toContainText("loadable");
    await page.getByTestId("upload-button").click();
    await expectUploadDone(page, `onnx-add v${expected}`);
    await expect(page.getByTestId("model-row-onnx-add").getByTestId("model-latest")).toContainText(`v${expected}`);
  }
  expect(direct.partUrls).toHaveLength(2);
  for (const url of direct.partUrls) expectUsablePartUrl(url, moto.url);
  expect(direct.puts.map((r) => r.status())).toEqual([200, 200]);

  // The bytes in S3 are the package's, at the version's own key, beside the registry's head.
  const s3 = moto.clients.s3;
  const stored = await s3.send(new GetObjectCommand({ Bucket: DOTTED_BUCKET, Key: `${endpoint}/onnx-add/v2.tar.gz` }));
  expect(sha256(await stored.Body!.transformToByteArray())).toBe(sha256(fs.readFileSync(ONNX_ADD)));
  const head = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: DOTTED_BUCKET, Key: `${endpoint}/.mme-registry/onnx-add/model.json` }))).Body!.transformToString());
  expect(head.nextVersion).toBe(3);

  await page.getByTestId("model-row-onnx-add").getByRole("link", { name: "onnx-add" }).click();
  await expect(page.getByTestId("model-title")).toContainText("onnx-add");
  await expect(page.getByTestId("signature-table")).toContainText("TYPE_FP32");
  await expect(page.getByTestId("version-row-1")).toBeVisible();
  await expect(page.getByTestId("version-row-2")).toBeVisible();

  await page.getByTestId("alias-name").fill("production");
  await page.getByTestId("alias-version").selectOption("1");
  await page.getByTestId("alias-save").click();
  await forceMoveInDialog(page);
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-production")).toHaveText("production → v1");
  await expect(page.getByTestId("delete-version-1")).toBeDisabled();
  await page.getByTestId("alias-version").selectOption("2");
  await page.getByTestId("alias-save").click();
  await forceMoveInDialog(page);
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-production")).toHaveText("production → v2");
  await expect(page.getByTestId("alias-history")).toContainText(`production v1 → v2 (forced: ${MOTO_FORCE_REASON}) by admin@example.com`);
  await expect(page.getByTestId("delete-version-1")).toBeEnabled();
});

test("a package of several parts goes up in parallel presigned parts and completes as one object", async ({ page, moto }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  const endpoint = uniqueName("parts");
  await createAwsEndpoint(consoleApi(page), endpoint, { modelDataUrl: dottedPrefix(endpoint) });
  const direct = watchDirectUploads(page, moto.url);
  await page.goto(`/endpoints/${endpoint}/models`);

  const file = bigPackage(40); // 3 parts of 16 MiB (the console's smallest part size)
  await page.getByTestId("package-input").setInputFiles(file);
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();
  await expectUploadDone(page, "onnx-add v1");

  // The uploader's workers each ask for a batch at the start, so some parts are signed twice.
  expect([...new Set(direct.partUrls.map((u) => new URL(u).searchParams.get("partNumber")))].sort()).toEqual(["1", "2", "3"]);
  for (const url of direct.partUrls) expectUsablePartUrl(url, moto.url);
  expect(direct.puts.map((r) => new URL(r.url()).searchParams.get("partNumber")).sort()).toEqual(["1", "2", "3"]);
  expect(direct.puts.every((r) => r.status() === 200)).toBe(true);

  const s3 = moto.clients.s3;
  const object = await s3.send(new HeadObjectCommand({ Bucket: DOTTED_BUCKET, Key: `${endpoint}/onnx-add/v1.tar.gz` }));
  expect(object.ContentLength).toBe(fs.statSync(file).size);
  expect(object.ETag).toMatch(/-3"$/);
  const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: DOTTED_BUCKET, Prefix: `${endpoint}/` }));
  expect(open.Uploads ?? []).toEqual([]);
});

test("a cancelled upload is aborted in S3 and leaves no version behind", async ({ page, moto }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  const endpoint = uniqueName("cancel");
  const api = consoleApi(page);
  await createAwsEndpoint(api, endpoint, { modelDataUrl: dottedPrefix(endpoint) });
  await page.goto(`/endpoints/${endpoint}/models`);

  // Slow the browser's uploads down (2 MiB/s) so there is time to watch and cancel.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });

  await page.getByTestId("package-input").setInputFiles(bigPackage(48));
  await expect(page.getByTestId("package-verdict")).toContainText("loadable");
  await page.getByTestId("upload-button").click();
  await expect(page.getByTestId("upload-progress")).toContainText(/MiB of 48\.\d MiB · [\d.]+ (KiB|MiB)\/s · .* left/);
  await page.getByTestId("upload-cancel").click();
  await expect(page.getByTestId("error-banner")).toContainText("cancelled");

  // The multipart upload is gone from S3 (aborted), and the reserved version is released.
  await expect
    .poll(async () => (await moto.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: DOTTED_BUCKET, Prefix: `${endpoint}/` }))).Uploads ?? [])
    .toEqual([]);
  const detail = await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json();
  expect(detail.versions).toEqual([]);
});

test("two pages move aliases at the same moment: the registry's compare-and-swap on S3 (If-Match, which moto enforces) keeps every move", async ({ page, context, moto }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  const endpoint = uniqueName("cas");
  await createAwsEndpoint(consoleApi(page), endpoint, { modelDataUrl: dottedPrefix(endpoint) });
  const onnx = new Uint8Array(fs.readFileSync(ONNX_ADD));
  expect(await uploadViaApi(page, endpoint, "onnx-add", onnx)).toBe(1);
  expect(await uploadViaApi(page, endpoint, "onnx-add", onnx)).toBe(2);

  const s3 = moto.clients.s3;
  const headKey = `${endpoint}/.mme-registry/onnx-add/model.json`;
  const readHead = async () => {
    const out = await s3.send(new GetObjectCommand({ Bucket: DOTTED_BUCKET, Key: headKey }));
    return { etag: out.ETag!, value: JSON.parse(await out.Body!.transformToString()) as { aliases: Record<string, number>; aliasHistory: unknown[] } };
  };

  // moto enforces the precondition on this very key: a write with the ETag read before a move is refused.
  const stale = (await readHead()).etag;
  const modelUrl = `/endpoints/${endpoint}/models/onnx-add`;
  await page.goto(modelUrl);
  await page.getByTestId("alias-name").fill("production");
  await page.getByTestId("alias-version").selectOption("1");
  await page.getByTestId("alias-save").click();
  await forceMoveInDialog(page);
  await page.getByTestId("move-confirm").click();
  await expect(page.getByTestId("model-title").getByTestId("alias-production")).toHaveText("production → v1");
  await expect(s3.send(new PutObjectCommand({ Bucket: DOTTED_BUCKET, Key: headKey, Body: "{}", IfMatch: stale }))).rejects.toMatchObject({
    name: "PreconditionFailed",
  });

  // Two tabs of the model page. Each round, each tab moves one alias through the form and two more
  // through the page's own API calls (what the form sends), all six at once: the console reads the
  // head, changes it and writes it back with If-Match, so all but one writer of each turn get 412
  // from S3 and retry on the fresh head. No move may be lost.
  const pageB = await context.newPage();
  await pageB.goto(modelUrl);
  const tabs = [
    { page, prefix: "a", version: 1 },
    { page: pageB, prefix: "b", version: 2 },
  ];
  const conflictLine = new RegExp(`"PUT /[^"]*${endpoint}/\\.mme-registry/onnx-add/model\\.json[^"]*" 412`);
  // The test's own stale write above is one of them; only the console's count from here on.
  const conflictCount = () => motoRequests(moto.motoLog, conflictLine).length;
  await expect.poll(conflictCount).toBe(1);
  const before = 1;
  const expected: Record<string, number> = { production: 1 };
  let conflicts = 0;
  for (let round = 1; round <= 4 && conflicts === 0; round++) {
    for (const t of tabs) {
      await t.page.getByTestId("alias-name").fill(`${t.prefix}${round}`);
      await t.page.getByTestId("alias-version").selectOption(String(t.version));
    }
    const moves = tabs.flatMap((t) => {
      const alias = `${t.prefix}${round}`;
      // The form opens the move dialog; its Confirm sends the PUT.
      const viaForm = (async () => {
        await t.page.getByTestId("alias-save").click();
        await forceMoveInDialog(t.page);
        const [r] = await Promise.all([
          t.page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith(`/aliases/${alias}`)),
          t.page.getByTestId("move-confirm").click(),
        ]);
        return r.status();
      })();
      const viaApi = [1, 2].map((k) => putAliasFromPage(t.page, `${modelUrl.replace("/endpoints/", "/api/endpoints/")}/aliases/${alias}-${k}`, t.version));
      expected[alias] = t.version;
      expected[`${alias}-1`] = t.version;
      expected[`${alias}-2`] = t.version;
      return [viaForm, ...viaApi];
    });
    expect(await Promise.all(moves)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await readHead()).value.aliases).toEqual(expected);
    await new Promise((r) => setTimeout(r, 200)); // moto's log lines arrive just after its answers
    conflicts = conflictCount() - before;
  }
  // The compare-and-swap path really ran: S3 refused at least one stale write of the head.
  await expect.poll(() => conflictCount() - before, { message: "no 412 on the model's head in moto's log: the writes never raced" }).toBeGreaterThan(0);

  // Both tabs show every alias, and the history every move.
  for (const t of tabs) {
    await t.page.reload();
    // The title folds all but four aliases into "+N": unfold them.
    await t.page.getByTestId("model-title").getByTestId("aliases-more").click();
    for (const [alias, version] of Object.entries(expected)) {
      await expect(t.page.getByTestId("model-title").getByTestId(`alias-${alias}`)).toHaveText(`${alias} → v${version}`);
    }
  }
  expect((await readHead()).value.aliasHistory).toHaveLength(Object.keys(expected).length);
});

/** PUT an alias as the page's own script does (apiFetch): the CSRF token from its cookie, JSON body (forced: see forceMoveInDialog). */
function putAliasFromPage(page: Page, url: string, version: number): Promise<number> {
  return page.evaluate(
    async ({ url, version, reason }) => {
      const csrf = document.cookie
        .split(";")
        .map((c) => c.trim().split("="))
        .find(([k]) => k === "mme.csrf")?.[1];
      const res = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json", "x-mme-csrf": decodeURIComponent(csrf ?? "") },
        body: JSON.stringify({ version, force: { reason } }),
      });
      return res.status;
    },
    { url, version, reason: MOTO_FORCE_REASON },
  );
}

test("an upload nobody finishes expires on AWS too: its multipart upload is aborted in S3 and its version released", async ({ page, moto }) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  const endpoint = uniqueName("expire");
  const api = consoleApi(page);
  await createAwsEndpoint(api, endpoint, { modelDataUrl: dottedPrefix(endpoint) });
  // A browser that starts an upload and goes away (no parts, no heartbeat, no abort).
  const started = await api.post(`/api/endpoints/${endpoint}/uploads`, { model: "onnx-add", size: 1024 });
  expect(started.status()).toBe(201);
  const openUploads = async () => (await moto.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: DOTTED_BUCKET, Prefix: `${endpoint}/` }))).Uploads ?? [];
  expect(await openUploads()).toHaveLength(1);
  expect((await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()).versions).toEqual([expect.objectContaining({ version: 1, state: "uploading" })]);

  // The e2e stacks expire idle uploads after 8 s (MME_UPLOAD_EXPIRY_S); the console's sweep aborts it in moto.
  await expect.poll(openUploads, { timeout: 40_000 }).toEqual([]);
  await expect.poll(async () => (await (await api.get(`/api/endpoints/${endpoint}/models/onnx-add`)).json()).versions ?? [], { timeout: 20_000 }).toEqual([]);
});
