import "server-only";
import { consoleDb } from "@/server/console-store/db";

/** A multipart upload the console opened, from CreateMultipartUpload until it is completed or aborted. */
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

export function recordUploadSession(s: Omit<UploadSession, "startedAt">): void {
  consoleDb()
    .prepare(
      "INSERT INTO upload_sessions (upload_id, endpoint_name, bucket, object_key, model, version, actor, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(s.uploadId, s.endpoint, s.bucket, s.key, s.model, s.version, s.actor, new Date().toISOString());
}

export function findUploadSession(uploadId: string): UploadSession | undefined {
  type Row = { uploadId: string; endpoint: string; bucket: string; key: string; model: string; version: number; actor: string; startedAt: string };
  return consoleDb()
    .prepare<[string], Row>(
      `SELECT upload_id AS uploadId, endpoint_name AS endpoint, bucket, object_key AS key, model, version, actor, started_at AS startedAt
       FROM upload_sessions WHERE upload_id = ?`,
    )
    .get(uploadId);
}

export function forgetUploadSession(uploadId: string): void {
  consoleDb().prepare("DELETE FROM upload_sessions WHERE upload_id = ?").run(uploadId);
}
