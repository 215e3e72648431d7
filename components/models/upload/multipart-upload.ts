"use client";

import { apiFetch, ApiClientError } from "@/lib/api-client";
import type { StartedUploadView } from "@/lib/schemas/model";
import type { UploadSessionView, VersionView } from "@/lib/schemas/model-views";

export type UploadProgress = { sentBytes: number; totalBytes: number; bytesPerSecond: number; secondsLeft: number };

const CONCURRENCY = 4;
const SIGN_BATCH = 20;
const PART_ATTEMPTS = 3;
/** Speed is averaged over this window so the time left neither jumps nor lags. */
const SPEED_WINDOW_MS = 5_000;
/** Part URLs live 15 minutes (sign-upload-parts.ts): one signed longer ago than this is signed again before use. */
const URL_FRESH_MS = 10 * 60_000;
/** The heartbeat never waits longer than this, whatever the console's idle expiry. */
const MAX_HEARTBEAT_MS = 5 * 60_000;

/**
 * Uploads a package straight to S3: the BFF reserves a version and signs part URLs in batches;
 * the browser PUTs file slices (never the whole file in memory) with a few parts in flight, retries
 * a failed part, reports progress, and on cancel aborts the S3 upload so no parts are left behind.
 * Cancel works until the last part is stored; then `onFinishing` says the console is completing
 * the upload (S3 joins the parts, the console checks the package), which can no longer be undone
 * except by deleting the version. A heartbeat tells the console the upload is alive, so it never
 * expires it as abandoned (see server/bff/models/upload-idle-expiry.ts); leaving the page aborts it.
 */
export async function uploadPackage(opts: {
  endpoint: string;
  file: File;
  model: string;
  notes?: string;
  signal: AbortSignal;
  onProgress: (p: UploadProgress) => void;
  onFinishing: () => void;
}): Promise<VersionView> {
  const base = `/api/endpoints/${encodeURIComponent(opts.endpoint)}/uploads`;
  const session = await apiFetch<StartedUploadView>(base, { method: "POST", json: { model: opts.model, size: opts.file.size, notes: opts.notes } });
  const ids = { key: session.key, uploadId: session.uploadId };
  // A closed tab or a reload cannot carry the upload on: abort it now rather than leave it to expire.
  const onPageHide = () => void apiFetch(`${base}/abort`, { method: "POST", json: ids, keepalive: true }).catch(() => undefined);
  window.addEventListener("pagehide", onPageHide);
  const signer = partSigner(base, session);
  const idleMs = session.expiresAfterIdleS > 0 ? session.expiresAfterIdleS * 1000 : MAX_HEARTBEAT_MS * 3;
  const heartbeat = setInterval(() => void signer.heartbeat().catch(() => undefined), Math.min(MAX_HEARTBEAT_MS, idleMs / 3));
  try {
    const etags = await putParts(session, signer, opts);
    clearInterval(heartbeat);
    // Cancelled after the last byte went out but before completing: there is still nothing to keep.
    if (opts.signal.aborted) throw new DOMException("Upload cancelled", "AbortError");
    opts.onFinishing();
    return await apiFetch<VersionView>(`${base}/complete`, { method: "POST", json: { ...ids, notes: opts.notes, parts: etags } });
  } catch (e) {
    // Best effort: S3 keeps the parts of an unfinished upload until it is aborted.
    await apiFetch(`${base}/abort`, { method: "POST", json: ids }).catch(() => undefined);
    throw opts.signal.aborted ? new DOMException("Upload cancelled", "AbortError") : e;
  } finally {
    clearInterval(heartbeat);
    window.removeEventListener("pagehide", onPageHide);
  }
}

/**
 * Part URLs, signed in batches as the parts are reached and again when older than URL_FRESH_MS.
 * `heartbeat` signs the next part not yet done: the console hears from the upload (and that part's
 * URL is fresh) even while a few long parts are in flight and no new one starts.
 */
function partSigner(base: string, session: UploadSessionView) {
  const urls = new Map<number, { url: string; at: number }>();
  const done = new Set<number>();
  const sign = async (partNumbers: number[]) => {
    const { parts } = await apiFetch<{ parts: { partNumber: number; url: string }[] }>(`${base}/parts`, {
      method: "POST",
      json: { key: session.key, uploadId: session.uploadId, partNumbers },
    });
    const at = Date.now();
    for (const p of parts) urls.set(p.partNumber, { url: p.url, at });
  };
  const fresh = (n: number) => {
    const u = urls.get(n);
    return u !== undefined && Date.now() - u.at < URL_FRESH_MS;
  };
  return {
    async url(partNumber: number): Promise<string> {
      if (!fresh(partNumber)) {
        const batch = Array.from({ length: Math.min(SIGN_BATCH, session.partCount - partNumber + 1) }, (_, i) => partNumber + i).filter((n) => !done.has(n) && !fresh(n));
        await sign(batch.length > 0 ? batch : [partNumber]);
      }
      return urls.get(partNumber)!.url;
    },
    /** The URL failed (expired, or the part must be retried): sign it again next time. */
    forget(partNumber: number) {
      urls.delete(partNumber);
    },
    stored(partNumber: number) {
      done.add(partNumber);
    },
    async heartbeat() {
      const next = Array.from({ length: session.partCount }, (_, i) => i + 1).find((n) => !done.has(n));
      if (next !== undefined) await sign([next]);
    },
  };
}

async function putParts(session: UploadSessionView, signer: ReturnType<typeof partSigner>, opts: Parameters<typeof uploadPackage>[0]) {
  const total = opts.file.size;
  const sentPerPart = new Map<number, number>();
  const samples: { at: number; sent: number }[] = [];
  const report = () => {
    const sent = [...sentPerPart.values()].reduce((a, b) => a + b, 0);
    const now = performance.now();
    samples.push({ at: now, sent });
    while (samples.length > 2 && now - samples[0]!.at > SPEED_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const speed = now > first.at ? ((sent - first.sent) / (now - first.at)) * 1000 : 0;
    opts.onProgress({ sentBytes: sent, totalBytes: total, bytesPerSecond: speed, secondsLeft: speed > 0 ? (total - sent) / speed : Infinity });
  };


  const etags: { partNumber: number; etag: string }[] = [];
  let next = 1;
  const worker = async () => {
    while (next <= session.partCount) {
      const partNumber = next++;
      const start = (partNumber - 1) * session.partSize;
      const blob = opts.file.slice(start, Math.min(start + session.partSize, total));
      for (let attempt = 1; ; attempt++) {
        try {
          const etag = await putPart(await signer.url(partNumber), blob, opts.signal, (sent) => {
            sentPerPart.set(partNumber, sent);
            report();
          });
          etags.push({ partNumber, etag });
          signer.stored(partNumber);
          break;
        } catch (e) {
          sentPerPart.set(partNumber, 0);
          if (opts.signal.aborted || attempt >= PART_ATTEMPTS) throw e;
          signer.forget(partNumber);
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, session.partCount) }, worker));
  return etags.sort((a, b) => a.partNumber - b.partNumber);
}

/** XMLHttpRequest, not fetch: only it reports upload progress. S3 must expose the ETag header (CORS). */
function putPart(url: string, blob: Blob, signal: AbortSignal, onSent: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader("ETag");
      if (xhr.status >= 200 && xhr.status < 300 && etag) {
        onSent(blob.size);
        resolve(etag);
      } else {
        const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText)?.[1] ?? `http_${xhr.status}`;
        const message = /<Message>([^<]+)<\/Message>/.exec(xhr.responseText)?.[1] ?? (etag ? `S3 answered ${xhr.status}` : "S3 did not expose the ETag header: check the bucket's CORS rules");
        reject(new ApiClientError(xhr.status || 502, code, `Uploading a part failed: ${message}`));
      }
    };
    xhr.onerror = () => reject(new ApiClientError(0, "network", "Uploading a part failed: the storage endpoint could not be reached (network or CORS)"));
    const abort = () => xhr.abort();
    signal.addEventListener("abort", abort, { once: true });
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    xhr.onloadend = () => signal.removeEventListener("abort", abort);
    xhr.send(blob);
  });
}
