import { checkDimensions, checkTimeRange, required, sameDimensions } from "./check-metric";
import { invalidParameterCombination, invalidValueFor } from "../protocol/cloudwatch-errors";
import type { MetricStore } from "./store/metric-store";
import { aggregatePeriods, checkPeriod, periodWindow } from "./periods";
import { percentileOf, STANDARD_STATISTICS, statisticValue } from "./statistics";
import type { Datapoint, GetMetricStatisticsInput } from "./types";

/** AWS's limit on the datapoints one call may ask for. */
const MAX_DATAPOINTS = 1440;

/**
 * Statistics of one metric (exact dimension set) per period. Data put with different units are
 * aggregated apart, one datapoint per unit and period, as CloudWatch aggregates by unit too;
 * `Unit` keeps only that unit's.
 */
export function getMetricStatistics(store: MetricStore, input: GetMetricStatisticsInput): { Label: string; Datapoints: Datapoint[] } {
  const namespace = required(input.Namespace, "Namespace");
  const metricName = required(input.MetricName, "MetricName");
  const start = required(input.StartTime, "StartTime");
  const end = required(input.EndTime, "EndTime");
  const period = required(input.Period, "Period");
  const dimensions = checkDimensions(input.Dimensions, "Dimensions");
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length === 0 && extended.length === 0) {
    throw invalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
  }
  if (statistics.length > 0 && extended.length > 0) {
    throw invalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
  }
  extended.forEach((stat, i) => {
    if (percentileOf(stat) === undefined) throw invalidValueFor(stat, `ExtendedStatistics.member.${i + 1}`);
  });
  checkTimeRange(start, end);
  checkPeriod(period, "Period");
  const { count } = periodWindow(start.getTime(), end.getTime(), period);
  if (count > MAX_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${count.toLocaleString("en-US")} datapoints, which exceeds the limit of ${MAX_DATAPOINTS.toLocaleString("en-US")}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }

  const series = store
    .listSeries({ namespace, metricName })
    .filter((s) => sameDimensions(s.dimensions, dimensions) && (input.Unit === undefined || s.unit === input.Unit));
  const byUnit = new Map<string, number[]>();
  for (const s of series) byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s.id]);

  const datapoints: Datapoint[] = [];
  for (const [unit, ids] of byUnit) {
    for (const [startSec, stats] of aggregatePeriods(store, ids, period, start.getTime(), end.getTime())) {
      if (stats.count <= 0) continue;
      // Members in the service model's order (Timestamp, the statistics, Unit), as AWS's XML has them.
      const point = { Timestamp: new Date(startSec * 1000) } as Datapoint;
      for (const stat of STANDARD_STATISTICS) if (statistics.includes(stat)) point[stat] = statisticValue(stats, stat);
      point.Unit = unit;
      if (extended.length > 0) {
        const values: Record<string, number> = {};
        for (const stat of extended) {
          const value = statisticValue(stats, stat);
          if (value !== undefined) values[stat] = value;
        }
        point.ExtendedStatistics = values;
      }
      datapoints.push(point);
    }
  }
  datapoints.sort((a, b) => a.Timestamp.getTime() - b.Timestamp.getTime());
  return { Label: metricName, Datapoints: datapoints };
}
