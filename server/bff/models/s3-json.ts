import "server-only";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { z } from "zod";
import { s3Client } from "@/server/aws/client-factory";

/** A JSON document read from S3 with the ETag to make a conditional write against. */
export type Versioned<T> = { value: T; etag: string };

/** Reads and validates a JSON object; undefined when the key does not exist. */
export async function getJson<T>(bucket: string, key: string, schema: z.ZodType<T>): Promise<Versioned<T> | undefined> {
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await out.Body!.transformToString();
    return { value: schema.parse(JSON.parse(text)), etag: out.ETag! };
  } catch (e) {
    if (e instanceof Error && e.name === "NoSuchKey") return undefined;
    throw e;
  }
}

/**
 * Writes a JSON object only if the key is unchanged since it was read (If-Match) or, for a new
 * document, only if it still does not exist (If-None-Match: *). Returns false when another
 * writer got there first: the caller re-reads and tries again.
 */
export async function putJsonConditionally(bucket: string, key: string, value: unknown, expected: { etag: string } | "absent"): Promise<boolean> {
  try {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(value, null, 2),
        ContentType: "application/json",
        ...(expected === "absent" ? { IfNoneMatch: "*" } : { IfMatch: expected.etag }),
      }),
    );
    return true;
  } catch (e) {
    if (isPreconditionFailed(e)) return false;
    throw e;
  }
}

export function isPreconditionFailed(e: unknown): boolean {
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  // S3 answers 409 ConditionalRequestConflict when two conditional writes race on one key.
  return e instanceof Error && (e.name === "PreconditionFailed" || e.name === "ConditionalRequestConflict" || status === 412);
}
