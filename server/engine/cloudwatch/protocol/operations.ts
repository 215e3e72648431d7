import { getMetricData } from "../backend/get-metric-data";
import { getMetricStatistics } from "../backend/get-metric-statistics";
import { listMetrics } from "../backend/list-metrics";
import type { MetricStore } from "../backend/store/metric-store";
import { putMetricData } from "../backend/put-metric-data";

/** The CloudWatch operations the engine serves, each bound to its backend function. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs are validated against INPUT_SHAPES first
type Operation = (store: MetricStore, input: any) => unknown;

export const OPERATIONS: Record<string, Operation> = {
  PutMetricData: (s, i) => putMetricData(s, i),
  GetMetricData: (s, i) => getMetricData(s, i),
  GetMetricStatistics: (s, i) => getMetricStatistics(s, i),
  ListMetrics: (s, i) => listMetrics(s, i),
};
