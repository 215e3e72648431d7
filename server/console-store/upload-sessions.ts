import "server-only";
import { consoleDb } from "@/server/console-store/db";

/** A multipart upload the console opened, from CreateMultipartUpload until it is completed, aborted or expired. */
export type UploadSession = {
  uploadId: string;
  endpoint: string;
  bucket: string;
  key: string;
  model: string;
  version: number;
  actor: string;
  startedAt: string;
};

type Row = UploadSession;
const COLUMNS = "upload_id AS uploadId, endpoint_name AS endpoint, bucket, object_key AS key, model, version, actor, started_at AS startedAt";

/**
 * When this process last heard from each upload's browser (it signs parts, or completes).
 * Kept in memory, not in the table: an upload is abandoned when its browser falls silent, and a
 * console that restarts counts every open upload as heard at its own start, so none expires
 * sooner than the full idle time after a restart.
 */
const lastHeard = new Map<string, number>();
const processStart = Date.now();

export function recordUploadSession(s: Omit<UploadSession, "startedAt">): void {
  consoleDb()
    .prepare(
      "INSERT INTO upload_sessions (upload_id, endpoint_name, bucket, object_key, model, version, actor, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(s.uploadId, s.endpoint, s.bucket, s.key, s.model, s.version, s.actor, new Date().toISOString());
  lastHeard.set(s.uploadId, Date.now());
}

export function findUploadSession(uploadId: string): UploadSession | undefined {
  return consoleDb().prepare<[string], Row>(`SELECT ${COLUMNS} FROM upload_sessions WHERE upload_id = ?`).get(uploadId);
}

/** The upload's browser is still at work (it asked for part URLs, or to complete). */
export function touchUploadSession(uploadId: string): void {
  lastHeard.set(uploadId, Date.now());
}

/** Uploads not heard from since `before` (ms since the epoch), of one endpoint or of all; oldest first. */
export function idleUploadSessions(before: number, endpoint?: string): UploadSession[] {
  const rows =
    endpoint === undefined
      ? consoleDb().prepare<[], Row>(`SELECT ${COLUMNS} FROM upload_sessions ORDER BY started_at`).all()
      : // SageMaker's names are case-insensitive: "Reg" and "reg" are one endpoint.
        consoleDb().prepare<[string], Row>(`SELECT ${COLUMNS} FROM upload_sessions WHERE endpoint_name = ? COLLATE NOCASE ORDER BY started_at`).all(endpoint);
  return rows.filter((s) => Math.max(Date.parse(s.startedAt), lastHeard.get(s.uploadId) ?? processStart) < before);
}

export function forgetUploadSession(uploadId: string): void {
  consoleDb().prepare("DELETE FROM upload_sessions WHERE upload_id = ?").run(uploadId);
  lastHeard.delete(uploadId);
}
