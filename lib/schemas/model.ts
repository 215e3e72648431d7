import { z } from "zod";

/** A Triton model name as it may appear in an S3 key and a target-model header. */
export const modelName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "Letters, digits, '_', '.' and '-', starting with a letter or digit");

export const aliasName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z][a-z0-9-]*$/, "Lower-case letters, digits and '-', starting with a letter");

export const versionNumber = z.number().int().min(1).max(1_000_000);

/** The largest package the console uploads; S3's own object limit is 5 TiB. */
export const MAX_PACKAGE_BYTES = 50 * 1024 ** 3;

export const startUploadInput = z.object({
  model: modelName,
  size: z.number().int().min(1).max(MAX_PACKAGE_BYTES),
  notes: z.string().max(1000).optional(),
});
export type StartUploadInput = z.infer<typeof startUploadInput>;

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

