import { checkDimensions, checkTimeRange, required, sameDimensions } from "./check-metric";
import { invalidParameterCombination, invalidParameterValue, invalidValueFor } from "../protocol/cloudwatch-errors";
import type { MetricStore } from "./store/metric-store";
import { makeToken, readToken } from "./page-token";
import { aggregatePeriods, checkPeriod } from "./periods";
import { isKnownStatistic, statisticValue } from "./statistics";
import type { GetMetricDataInput, MetricDataQuery, MetricDataResult } from "./types";

/** AWS's limits: 500 queries per call, 100,800 datapoints per page by default. */
const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;

type Series = { id: string; label: string; points: { t: number; v: number }[] };

/**
 * GetMetricData for MetricStat queries. Every query's datapoints are computed, ordered by
 * ScanBy, and laid end to end in query order; a page is the next MaxDatapoints of them, and a
 * query with points left for a later page reports PartialData. Metric math (Expression) is not
 * evaluated by the local engine and is refused with a clear message.
 */
export function getMetricData(store: MetricStore, input: GetMetricDataInput): { MetricDataResults: MetricDataResult[]; NextToken?: string; Messages: [] } {
  const queries = required(input.MetricDataQueries, "MetricDataQueries");
  const start = required(input.StartTime, "StartTime");
  const end = required(input.EndTime, "EndTime");
  if (queries.length === 0) throw invalidParameterValue("The collection MetricDataQueries must not be empty.");
  if (queries.length > MAX_QUERIES) throw invalidParameterValue(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  checkTimeRange(start, end);
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (maxDatapoints < 1) throw invalidValueFor(maxDatapoints, "MaxDatapoints");
  const ascending = input.ScanBy === "TimestampAscending";
  const ids = new Set<string>();
  queries.forEach((q, i) => checkQuery(q, `MetricDataQueries.member.${i + 1}`, ids));

  const request = { q: queries, s: start.getTime(), e: end.getTime(), a: ascending };
  const firstOffset = readToken(input.NextToken, request);
  let skip = firstOffset;
  const series = queries.filter((q) => q.ReturnData !== false).map((q) => evaluate(store, q, start, end, ascending));

  const results: MetricDataResult[] = [];
  let budget = maxDatapoints;
  let remaining = false;
  let taken = 0;
  for (const s of series) {
    const from = Math.min(skip, s.points.length);
    skip -= from;
    const page = s.points.slice(from, from + budget);
    budget -= page.length;
    taken += page.length;
    const partial = from + page.length < s.points.length;
    remaining ||= partial;
    results.push({ Id: s.id, Label: s.label, Timestamps: page.map((p) => new Date(p.t * 1000)), Values: page.map((p) => p.v), StatusCode: partial ? "PartialData" : "Complete" });
  }
  const offset = firstOffset + taken;
  return { MetricDataResults: results, ...(remaining ? { NextToken: makeToken(offset, request) } : {}), Messages: [] };
}

function checkQuery(q: MetricDataQuery, name: string, ids: Set<string>): void {
  const id = required(q.Id, `${name}.Id`);
  // Wording ours: CloudWatch requires a lowercase first letter and unique ids.
  if (!ID_PATTERN.test(id)) throw invalidParameterValue(`The value ${id} for parameter ${name}.Id is invalid: it must start with a lowercase letter and contain only letters, numbers and underscores.`);
  if (ids.has(id)) throw invalidParameterValue(`The value ${id} for parameter ${name}.Id is used by more than one query.`);
  ids.add(id);
  if (q.MetricStat && q.Expression !== undefined) throw invalidParameterCombination(`The parameters ${name}.MetricStat and ${name}.Expression are mutually exclusive and you have specified both.`);
  if (q.Expression !== undefined) {
    throw invalidParameterValue(`The local engine does not evaluate metric math or Metrics Insights expressions (${name}.Expression); query metrics with MetricStat.`);
  }
  const stat = required(q.MetricStat, `${name}.MetricStat`);
  const metric = required(stat.Metric, `${name}.MetricStat.Metric`);
  required(metric.Namespace, `${name}.MetricStat.Metric.Namespace`);
  required(metric.MetricName, `${name}.MetricStat.Metric.MetricName`);
  checkDimensions(metric.Dimensions, `${name}.MetricStat.Metric.Dimensions`);
  checkPeriod(required(stat.Period, `${name}.MetricStat.Period`), `${name}.MetricStat.Period`);
  const statName = required(stat.Stat, `${name}.MetricStat.Stat`);
  if (!isKnownStatistic(statName)) throw invalidValueFor(statName, `${name}.MetricStat.Stat`);
}

function evaluate(store: MetricStore, q: MetricDataQuery, start: Date, end: Date, ascending: boolean): Series {
  const stat = q.MetricStat!;
  const metric = stat.Metric!;
  const dimensions = checkDimensions(metric.Dimensions, "Dimensions");
  // Without a Unit, data of every unit the metric was put with is merged.
  const ids = store
    .listSeries({ namespace: metric.Namespace, metricName: metric.MetricName })
    .filter((s) => sameDimensions(s.dimensions, dimensions) && (stat.Unit === undefined || s.unit === stat.Unit))
    .map((s) => s.id);
  const points: { t: number; v: number }[] = [];
  for (const [t, stats] of aggregatePeriods(store, ids, stat.Period!, start.getTime(), end.getTime())) {
    const v = statisticValue(stats, stat.Stat!);
    if (v !== undefined) points.push({ t, v });
  }
  points.sort((a, b) => (ascending ? a.t - b.t : b.t - a.t));
  return { id: q.Id!, label: q.Label ?? metric.MetricName!, points };
}
