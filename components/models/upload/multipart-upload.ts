"use client";

import { apiFetch, ApiClientError } from "@/lib/api-client";
import type { UploadSessionView, VersionView } from "@/lib/schemas/model-views";

export type UploadProgress = { sentBytes: number; totalBytes: number; bytesPerSecond: number; secondsLeft: number };

const CONCURRENCY = 4;
const SIGN_BATCH = 20;
const PART_ATTEMPTS = 3;
/** Speed is averaged over this window so the time left neither jumps nor lags. */
const SPEED_WINDOW_MS = 5_000;

/**
 * Uploads a package straight to S3: the BFF reserves a version and signs part URLs in batches;
 * the browser PUTs file slices (never the whole file in memory) with a few parts in flight, retries
 * a failed part, reports progress, and on cancel aborts the S3 upload so no parts are left behind.
 */
export async function uploadPackage(opts: {
  endpoint: string;
  file: File;
  model: string;
  notes?: string;
  signal: AbortSignal;
  onProgress: (p: UploadProgress) => void;
}): Promise<VersionView> {
  const base = `/api/endpoints/${encodeURIComponent(opts.endpoint)}/uploads`;
  const session = await apiFetch<UploadSessionView>(base, { method: "POST", json: { model: opts.model, size: opts.file.size, notes: opts.notes } });
  const ids = { key: session.key, uploadId: session.uploadId };
  try {
    const etags = await putParts(base, session, opts);
    return await apiFetch<VersionView>(`${base}/complete`, { method: "POST", json: { ...ids, notes: opts.notes, parts: etags } });
  } catch (e) {
    // Best effort: S3 keeps the parts of an unfinished upload until it is aborted.
    await apiFetch(`${base}/abort`, { method: "POST", json: ids }).catch(() => undefined);
    throw opts.signal.aborted ? new DOMException("Upload cancelled", "AbortError") : e;
  }
}

async function putParts(base: string, session: UploadSessionView, opts: Parameters<typeof uploadPackage>[0]) {
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

  const urls = new Map<number, string>();
  const signed = async (partNumber: number) => {
    if (!urls.has(partNumber)) {
      const batch = Array.from({ length: Math.min(SIGN_BATCH, session.partCount - partNumber + 1) }, (_, i) => partNumber + i).filter((n) => !urls.has(n));
      const { parts } = await apiFetch<{ parts: { partNumber: number; url: string }[] }>(`${base}/parts`, {
        method: "POST",
        json: { key: session.key, uploadId: session.uploadId, partNumbers: batch },
      });
      for (const p of parts) urls.set(p.partNumber, p.url);
    }
    return urls.get(partNumber)!;
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
          const etag = await putPart(await signed(partNumber), blob, opts.signal, (sent) => {
            sentPerPart.set(partNumber, sent);
            report();
          });
          etags.push({ partNumber, etag });
          break;
        } catch (e) {
          sentPerPart.set(partNumber, 0);
          if (opts.signal.aborted || attempt >= PART_ATTEMPTS) throw e;
          urls.delete(partNumber);
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
