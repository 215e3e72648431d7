import { z } from "zod";
import type { SeriesSet } from "@/lib/metrics/combine-series-sets";
import { isPreset, MAX_RANGE_MS, MIN_RANGE_MS, RANGE_PRESETS, type RangePreset, type RangeSpec } from "@/lib/metrics/time-range";
import { modelName } from "@/lib/schemas/model";
import type { InstanceSnapshot } from "@/lib/residency-snapshot";

/**
 * A time range in a query string: `range=1h` (a preset, relative to the server's now) or
 * `start=…&end=…` (ISO 8601). With neither, the last hour.
 */
export const rangeQuery = z
  .object({
    range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => !(q.range && (q.start || q.end)), "Give a range or a start and end, not both")
  .refine((q) => (q.start === undefined) === (q.end === undefined), "Give both start and end")
  .transform((q): RangeSpec => (q.start && q.end ? { start: Date.parse(q.start), end: Date.parse(q.end) } : { preset: isPreset(q.range) ? q.range : "1h" }))
  .refine((s) => "preset" in s || s.end - s.start >= MIN_RANGE_MS, "The range must be at least a minute long")
  .refine((s) => "preset" in s || s.end - s.start <= MAX_RANGE_MS, "CloudWatch keeps 455 days of data: pick a shorter range");

/** The models table asks for one page of models at a time (its pages are 50). */
export const MAX_SUMMARY_MODELS = 100;

export const modelsSummaryQuery = z.object({
  models: z
    .string()
    .max(MAX_SUMMARY_MODELS * 130)
    .transform((s) => [...new Set(s.split(",").filter(Boolean))])
    .pipe(z.array(modelName).min(1).max(MAX_SUMMARY_MODELS)),
});

/** The window a metrics answer covers: epoch ms, bucket period in seconds, start aligned to the period. */
export type MetricWindowView = { start: number; end: number; period: number };

export type SeriesSetView = SeriesSet;

/**
 * One member's data over the window (an endpoint, a model, one version): the charts' buckets, the
 * tiles' one-bucket-per-window figures (`range`, asked in the same GetMetricData call), and since
 * when it exists (epoch ms: the endpoint's creation, a version's upload), before which nothing
 * counts as zero.
 */
export type MetricSetsView = { series: SeriesSetView; range: SeriesSetView; since?: number };

export type EndpointMetricsView = MetricWindowView &
  MetricSetsView & {
    endpoint: string;
    /** Production variants whose series are combined (SageMaker's metrics carry VariantName). */
    variants: string[];
    /** Gauges' newest samples up to the range's end, at the data's finest period (the "now" tiles). */
    latest: SeriesSetView;
  };

export type ModelVersionRef = { version: number; targetModel: string };

export type ModelMetricsView = MetricWindowView & {
  endpoint: string;
  model: string;
  /** The registry's ready versions of the model, newest first (with or without data in the range). */
  versions: ModelVersionRef[];
  /** Versions beyond the cap, left out of both the total and the per-version series. */
  omittedVersions: number;
  /** All versions together (see combineMembers for what "together" means per statistic). */
  total: MetricSetsView;
  byVersion: Record<string, MetricSetsView>;
};

/** One row's figures for the models table over the range; undefined: no data for that statistic. */
export type ModelMetricsSummary = { invocations: number; p99LatencyUs?: number; cacheHitRatio?: number };

export type ModelsSummaryView = { start: number; end: number; models: Record<string, ModelMetricsSummary> };

/** An instance the endpoint has (DescribeEndpoint's CurrentInstanceCount) whose cache the local engine has not started: it holds nothing yet. */
export type NotStartedInstanceView = { index: number; started: false };
export type ResidencyInstanceView = (InstanceSnapshot & { started: true }) | NotStartedInstanceView;

/** One production variant's instances: every one the endpoint has, those with an empty cache too. */
export type ResidencyFleetView = {
  variantName: string;
  /** Known once the engine has started the variant's caches. */
  instanceType?: string;
  policy?: string;
  instances: ResidencyInstanceView[];
};

export type ResidencyView =
  | { available: true; at: number; fleets: ResidencyFleetView[] }
  /** On AWS: SageMaker shows no per-instance cache, only LoadedModelCount. */
  | { available: false; reason: string };

/** `charts=a,b`: only these charts of the endpoint dashboard (by ChartDef id), and no summary figures. */
export const chartsQuery = z.object({
  charts: z
    .string()
    .max(200)
    .regex(/^[a-z0-9,-]*$/)
    .transform((s) => s.split(",").filter(Boolean))
    .optional(),
});
