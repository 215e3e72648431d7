import type { Dimension } from "../../metrics/metric-sink";
import { checkDimensions, required } from "./check-metric";
import { invalidParameterValue, invalidValueFor, limitExceeded, missingParameter, mutuallyExclusive } from "../protocol/cloudwatch-errors";
import type { AnySeriesKey, MetricStore } from "./store/metric-store";
import type { MetricDatum, PutMetricDataInput, StatisticSet } from "./types";

/** AWS's limits for one PutMetricData call. */
const MAX_METRIC_DATA = 1000;
const MAX_VALUES = 150;
/** CloudWatch rejects values outside ±2^360. */
const MAX_MAGNITUDE = 2 ** 360;
/** CloudWatch accepts timestamps up to two weeks in the past and two hours in the future. */
const MAX_AGE_MS = 14 * 24 * 3600_000;
const MAX_AHEAD_MS = 2 * 3600_000;

type Checked = { key: AnySeriesKey; atMs: number; datum: MetricDatum };

/**
 * Validates the whole request first (AWS accepts all of it or none), refuses new series past
 * the store's cap, then records every datum into its second's bucket and writes them.
 */
export function putMetricData(store: MetricStore, input: PutMetricDataInput, now = Date.now()): Record<string, never> {
  const namespace = required(input.Namespace, "Namespace");
  // Namespaces beginning with "AWS/" are reserved for AWS services.
  if (namespace.startsWith("AWS/")) throw invalidValueFor(namespace, "Namespace");
  const data = [...(input.MetricData ?? []), ...(input.EntityMetricData ?? []).flatMap((e) => e.MetricData ?? [])];
  if (input.MetricData === undefined && input.EntityMetricData === undefined) throw missingParameter("MetricData");
  if (data.length > MAX_METRIC_DATA) throw invalidParameterValue(`The collection MetricData must not have a size greater than ${MAX_METRIC_DATA}.`);

  const checked = data.map((datum, i) => checkDatum(namespace, datum, `MetricData.member.${i + 1}`, now));
  const { newSeries, free } = store.room(checked.map((c) => c.key));
  if (newSeries > free) {
    throw limitExceeded(`The local engine keeps at most ${store.maxSeries} metric series; this request adds ${newSeries} new ones and only ${free} more fit.`);
  }
  for (const { key, atMs, datum } of checked) {
    const handle = store.handleFor(key)!;
    if (datum.Value !== undefined) handle.addWeighted(datum.Value, 1, atMs);
    if (datum.StatisticValues) handle.addStatisticSet(datum.StatisticValues as StatisticSet, atMs);
    datum.Values?.forEach((value, j) => {
      const weight = datum.Counts?.[j] ?? 1;
      if (weight > 0) handle.addWeighted(value, weight, atMs);
    });
  }
  // An answered PutMetricData survives a kill -9, like every other acknowledged write of the
  // engine; what the runtime observes waits for the flush timer instead (it is on the hot path).
  store.flush();
  return {};
}

function checkDatum(namespace: string, datum: MetricDatum, name: string, now: number): Checked {
  const metricName = required(datum.MetricName, `${name}.MetricName`);
  const dimensions: Dimension[] = checkDimensions(datum.Dimensions, `${name}.Dimensions`);
  const { Value, Values, Counts, StatisticValues } = datum;
  if (Value !== undefined && Values !== undefined) throw mutuallyExclusive(`${name}.Value`, `${name}.Values`);
  if (Value !== undefined && StatisticValues !== undefined) throw mutuallyExclusive(`${name}.Value`, `${name}.StatisticValues`);
  if (Values !== undefined && StatisticValues !== undefined) throw mutuallyExclusive(`${name}.Values`, `${name}.StatisticValues`);
  // The wording when none is given is ours: CloudWatch requires one of the three.
  if (Value === undefined && Values === undefined && StatisticValues === undefined) throw missingParameter(`${name}.Value`);
  if (Value !== undefined) checkValue(Value, `${name}.Value`);
  if (Values !== undefined) {
    if (Values.length > MAX_VALUES) throw invalidParameterValue(`The collection ${name}.Values must not have a size greater than ${MAX_VALUES}.`);
    Values.forEach((v, j) => checkValue(v, `${name}.Values.member.${j + 1}`));
    if (Counts !== undefined && Counts.length !== Values.length) {
      throw invalidParameterValue(`The parameters ${name}.Values and ${name}.Counts must be of the same size.`);
    }
    Counts?.forEach((c, j) => {
      if (c < 0) throw invalidValueFor(c, `${name}.Counts.member.${j + 1}`);
    });
  } else if (Counts !== undefined) {
    throw missingParameter(`${name}.Values`);
  }
  if (StatisticValues !== undefined) {
    for (const member of ["SampleCount", "Sum", "Minimum", "Maximum"] as const) {
      checkValue(required(StatisticValues[member], `${name}.StatisticValues.${member}`), `${name}.StatisticValues.${member}`);
    }
    if (StatisticValues.SampleCount! <= 0) throw invalidValueFor(StatisticValues.SampleCount, `${name}.StatisticValues.SampleCount`);
    if (StatisticValues.Minimum! > StatisticValues.Maximum!) {
      throw invalidParameterValue(`The parameter ${name}.StatisticValues.Minimum must not be greater than ${name}.StatisticValues.Maximum.`);
    }
  }
  if (datum.StorageResolution !== undefined && datum.StorageResolution !== 1 && datum.StorageResolution !== 60) {
    throw invalidValueFor(datum.StorageResolution, `${name}.StorageResolution`);
  }
  const atMs = datum.Timestamp?.getTime() ?? now;
  if (atMs < now - MAX_AGE_MS) throw invalidParameterValue(`The parameter ${name}.Timestamp must specify a time no more than two weeks in the past.`);
  if (atMs > now + MAX_AHEAD_MS) throw invalidParameterValue(`The parameter ${name}.Timestamp must specify a time no more than two hours in the future.`);
  return { key: { namespace, metricName, dimensions, unit: datum.Unit ?? "None" }, atMs, datum };
}

function checkValue(value: number, name: string): void {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) throw invalidValueFor(value, name);
}
