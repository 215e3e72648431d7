import { z } from "zod";
import { findInstanceType } from "@/lib/instance-types";

/** SageMaker's pattern for model, endpoint config and endpoint names. */
export const sageMakerName = z
  .string()
  .min(1, "Name is required")
  .max(63, "At most 63 characters")
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, "Letters, digits and hyphens; must start and end with a letter or digit");

export const createEndpointInput = z.object({
  name: sageMakerName,
  instanceType: z
    .string()
    .max(64)
    .refine((t) => findInstanceType(t) !== undefined, "Unknown instance type"),
  instanceCount: z.number().int().min(1, "At least 1 instance").max(100, "At most 100 instances"),
  modelDataUrl: z
    .string()
    .max(1024)
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?\/$/, "An S3 prefix such as s3://bucket/models/ (ending with /)"),
  executionRoleArn: z
    .string()
    .max(2048)
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/, "An IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerRole"),
  image: z.string().min(1, "Container image is required").max(255),
});
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const updateInstanceCountInput = z.object({
  instanceCount: z.number().int().min(1, "At least 1 instance").max(100, "At most 100 instances"),
});

export const deleteEndpointInput = z.object({
  /** Also delete the endpoint configurations and model the console created for it. */
  deleteResources: z.boolean().default(true),
});

export const ENDPOINT_STATUSES = [
  "OutOfService",
  "Creating",
  "Updating",
  "SystemUpdating",
  "RollingBack",
  "InService",
  "Deleting",
  "Failed",
  "UpdateRollbackFailed",
] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/** Statuses from which SageMaker moves on by itself: the console keeps polling while any is shown. */
export function isTransitional(status: string | undefined): boolean {
  return status === "Creating" || status === "Updating" || status === "SystemUpdating" || status === "RollingBack" || status === "Deleting";
}
