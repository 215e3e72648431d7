import "server-only";
import { AbortMultipartUploadCommand } from "@aws-sdk/client-s3";
import { s3Client } from "@/server/aws/client-factory";
import { uploadLocation } from "@/server/bff/models/known-upload";
import { readHead, updateHead } from "@/server/bff/models/model-head";
import { describeUploadIdleExpiry, uploadIdleExpirySeconds } from "@/server/bff/models/upload-idle-expiry";
import { recordAudit } from "@/server/console-store/audit-log";
import { forgetUploadSession, idleUploadSessions, type UploadSession } from "@/server/console-store/upload-sessions";

/** Expiries in progress, so the timer and a models list reading at the same moment do each once. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Gives up the uploads of an endpoint (or of every endpoint) whose browsers have been silent for
 * the idle expiry: the multipart upload is aborted and the version it reserved leaves the model's
 * head, so a closed tab leaves no "uploading" row and no billed parts behind. A failure is logged
 * and left for the next sweep; it never fails the caller.
 */
export async function expireIdleUploads(endpoint?: string): Promise<number> {
  const idle = idleUploadSessions(Date.now() - uploadIdleExpirySeconds() * 1000, endpoint);
  const results = await Promise.allSettled(
    idle.map((s) => {
      let p = inFlight.get(s.uploadId);
      if (!p) {
        p = expireUpload(s).finally(() => inFlight.delete(s.uploadId));
        inFlight.set(s.uploadId, p);
      }
      return p;
    }),
  );
  results.forEach((r, i) => {
    if (r.status === "rejected") console.warn(`Could not expire upload ${idle[i]!.key} (${idle[i]!.uploadId}); will try again:`, r.reason);
  });
  return results.filter((r) => r.status === "fulfilled").length;
}

async function expireUpload(s: UploadSession): Promise<void> {
  await s3Client()
    .send(new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: s.key, UploadId: s.uploadId }))
    .catch((e) => {
      if (!isGone(e)) throw e;
    });
  const loc = uploadLocation(s);
  // Never create a head that is not there (the model was removed meanwhile).
  if (await readHead(loc, s.model).catch((e) => (isGone(e) ? undefined : Promise.reject(e)))) {
    await updateHead(loc, s.model, (head) => {
      const entry = head.versions[s.version];
      if (entry?.state === "uploading" && (entry.uploadId === undefined || entry.uploadId === s.uploadId)) delete head.versions[s.version];
    });
  }
  forgetUploadSession(s.uploadId);
  // No route ends this upload, so withRoute audits nothing: the console records that it gave it up, under the uploader's name.
  recordAudit({
    actor: s.actor,
    role: "console",
    action: "UploadModel",
    target: `/api/endpoints/${s.endpoint}/uploads`,
    resource: `${s.endpoint}/${s.model}`,
    result: "aborted",
    status: 200,
    detail: `upload of ${s.model} v${s.version} expired: its browser fell silent for ${describeUploadIdleExpiry()}`,
  });
}

/** S3 has nothing left to abort: the upload, or its whole bucket, is gone. */
function isGone(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === "NoSuchUpload" || name === "NoSuchBucket";
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Sweeps every endpoint's idle uploads on a timer in the console process, so abandoned uploads
 * expire even where nobody opens a models page; started by the first upload or models list.
 * Every quarter of the expiry (at most 5 minutes, at least 1 second).
 */
export function startIdleUploadSweeps(): void {
  if (timer) return;
  const every = Math.min(5 * 60_000, Math.max(1000, (uploadIdleExpirySeconds() * 1000) / 4));
  timer = setInterval(() => void expireIdleUploads().catch((e) => console.warn("Sweeping idle uploads failed:", e)), every);
  timer.unref();
}

/** Stops the sweeps (a test's stand-in for a console process that ended). */
export function stopIdleUploadSweeps(): void {
  clearInterval(timer);
  timer = undefined;
}
