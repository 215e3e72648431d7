import { z } from "zod";
import { POLICY_PRESETS, type PolicyPreset } from "@/lib/scaling/policy-presets";

// The Scaling tab's inputs (shared by the BFF's routes and the page's forms) and the views it reads.

/** SageMaker variants scale between 1 and this many instances here (AWS's own cap is the account's quota). */
export const MAX_INSTANCES = 100;
const capacity = z.number({ error: "Must be a whole number." }).int("Must be a whole number.").min(1, "At least 1 instance.").max(MAX_INSTANCES, `At most ${MAX_INSTANCES} instances.`);

export const scalableTargetInput = z
  .object({ minCapacity: capacity, maxCapacity: capacity })
  .refine((t) => t.minCapacity <= t.maxCapacity, { message: "The minimum must not be above the maximum.", path: ["maxCapacity"] });
export type ScalableTargetInput = z.infer<typeof scalableTargetInput>;

/** AWS's names for policies and scheduled actions: printable, no ":", "/" or "|", no spaces at the ends, up to 256. */
export const scalingName = z
  .string()
  .min(1, "A name is required.")
  .max(256, "At most 256 characters.")
  .regex(/^[^\s:/|](?:[\x20-\x7e]*[^\s:/|])?$/, "Printable characters without “:”, “/” or “|”, and no spaces at either end.");

const cooldown = z.number({ error: "Must be a whole number of seconds." }).int("Must be a whole number of seconds.").min(0, "Not negative.").max(86_400, "At most a day (86400 s).");

export const scalingPolicyInput = z.object({
  name: scalingName,
  preset: z.enum(POLICY_PRESETS),
  targetValue: z.number({ error: "Must be a number." }).positive("Must be above 0.").max(1e9, "Too large."),
  scaleInCooldown: cooldown.optional(),
  scaleOutCooldown: cooldown.optional(),
  disableScaleIn: z.boolean().default(false),
});
export type ScalingPolicyInput = z.input<typeof scalingPolicyInput>;
export type ScalingPolicySettings = z.output<typeof scalingPolicyInput>;

/** at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(six fields), as PutScheduledAction takes them. */
export const scheduleExpression = z
  .string()
  .max(256)
  .regex(/^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^()]+\))$/, "Use at(2026-12-24T18:00:00), rate(1 day) or cron(0 20 * * ? *).");

export const scheduledActionInput = z
  .object({
    name: scalingName,
    schedule: scheduleExpression,
    timezone: z.string().max(64).regex(/^[A-Za-z0-9_+\-/]+$/, "An IANA time zone such as Europe/Berlin.").optional(),
    minCapacity: capacity.optional(),
    maxCapacity: capacity.optional(),
  })
  .refine((a) => a.minCapacity !== undefined || a.maxCapacity !== undefined, { message: "Set a minimum, a maximum or both.", path: ["minCapacity"] })
  .refine((a) => a.minCapacity === undefined || a.maxCapacity === undefined || a.minCapacity <= a.maxCapacity, { message: "The minimum must not be above the maximum.", path: ["maxCapacity"] });
export type ScheduledActionInput = z.infer<typeof scheduledActionInput>;

export type ScalingPolicyView = {
  name: string;
  type: string;
  /** The preset the console recognises it as; undefined for a policy made elsewhere with another metric. */
  preset?: PolicyPreset;
  metric: string;
  targetValue?: number;
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
  disableScaleIn: boolean;
  alarms: string[];
  created?: number;
};

export type ScheduledActionView = { name: string; schedule: string; timezone?: string; start?: number; end?: number; minCapacity?: number; maxCapacity?: number; created?: number };

export type ScalingActivityView = { id: string; start: number; end?: number; status: string; statusMessage?: string; description: string; cause: string; details?: string };

/** The Scaling tab: the endpoint's first variant as Application Auto Scaling sees it. */
export type ScalingView = {
  endpoint: string;
  variant?: string;
  resourceId?: string;
  endpointStatus: string;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  target?: { minCapacity: number; maxCapacity: number; created?: number; suspended: boolean };
  policies: ScalingPolicyView[];
  scheduledActions: ScheduledActionView[];
  activities: ScalingActivityView[];
  /** Why the activities could not be listed (a backend without DescribeScalingActivities); the rest of the view stands. */
  activitiesError?: string;
};

/** The figures beside the policy: the measured peak for AWS's sizing formula and the cold-start cost of a scale-out. */
export type ScalingInsightsView = {
  /** Highest InvocationsPerInstance in one minute over `peakHours`; undefined with no traffic. */
  peakInvocationsPerMinute?: number;
  peakHours: number;
  coldStart: {
    models: { targetModel: string; invocationsLastHour: number; loadSeconds?: number }[];
    endpointLoadSeconds?: number;
    instances: number;
  };
};

/** The instance count chart's window and the count measured from traffic (Invocations ÷ InvocationsPerInstance) per bucket that had any. */
export type InstanceHistoryView = { start: number; end: number; period: number; since?: number; measured: [number, number][] };

export type ScalingMetricsView = { history: InstanceHistoryView; insights: ScalingInsightsView };
