import { z } from "zod";
import type { UploadSessionView } from "@/lib/schemas/model-views";

/** A Triton model name as it may appear in an S3 key and a target-model header. */
export const modelName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "Letters, digits, '_', '.' and '-', starting with a letter or digit");

/** Any alias as the registry stores it, including one named before names like versions were refused (so it can still be removed or invoked). */
export const aliasReference = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z][a-z0-9-]*$/, "Lower-case letters, digits and '-', starting with a letter");

/**
 * Why a name cannot be an alias, or undefined when it can: the playground lists aliases beside
 * versions ("v3"), the metrics page offers "All versions" (value "all"), and "latest" reads as the
 * newest version; an alias under one of those names would show two different things as one.
 */
function reservedAliasReason(name: string): string | undefined {
  if (/^v\d+$/.test(name)) return `"${name}" reads as a version number; aliases cannot be named v followed by digits (try "${name}-stable" or a word such as production)`;
  if (RESERVED_ALIASES.has(name)) return `"${name}" is reserved: the console uses it for a set of versions, so an alias under that name would mean two things`;
  return undefined;
}
const RESERVED_ALIASES = new Set(["latest", "all"]);

/** An alias name that may be set: the format, and not a name the console reads as versions. */
export const aliasName = aliasReference.superRefine((name, ctx) => {
  const reason = reservedAliasReason(name);
  if (reason) ctx.addIssue({ code: "custom", message: reason });
});

export const versionNumber = z.number().int().min(1).max(1_000_000);

/** The largest package the console uploads; S3's own object limit is 5 TiB. */
export const MAX_PACKAGE_BYTES = 50 * 1024 ** 3;

export const startUploadInput = z.object({
  model: modelName,
  size: z.number().int().min(1).max(MAX_PACKAGE_BYTES),
  notes: z.string().max(1000).optional(),
});
export type StartUploadInput = z.infer<typeof startUploadInput>;

/** What starting an upload answers: the session, and how long its browser may stay silent before the console expires it. */
export type StartedUploadView = UploadSessionView & { expiresAfterIdleS: number };

export const signPartsInput = z.object({
  key: z.string().max(300),
  uploadId: z.string().min(1).max(1024),
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100),
});

export const completeUploadInput = z.object({
  key: z.string().max(300),
  uploadId: z.string().min(1).max(1024),
  parts: z.array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) })).min(1).max(10_000),
  notes: z.string().max(1000).optional(),
});

export const abortUploadInput = z.object({ key: z.string().max(300), uploadId: z.string().min(1).max(1024) });

