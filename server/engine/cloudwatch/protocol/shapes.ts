import { bool, float, int, list, str, struct, timestamp, type Shape } from "../../protocol/shape";

/**
 * Input shapes of the CloudWatch operations the engine serves, with the constraints of AWS's
 * service model (monitoring-2010-08-01). Required members are not marked here: CloudWatch
 * answers a missing one with MissingParameter ("The parameter X is required."), which the
 * backend throws with the query protocol's name of the member.
 */
const NAMESPACE = str({ min: 1, max: 255, pattern: "[^:].*" });
const METRIC_NAME = str({ min: 1, max: 255 });
const DIMENSION_NAME = str({ min: 1, max: 255 });
const DIMENSION_VALUE = str({ min: 1, max: 1024 });
const DIMENSIONS = list(struct({ Name: DIMENSION_NAME, Value: DIMENSION_VALUE }), { max: 30 });
const STANDARD_UNIT = str({
  enum: [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
    "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
    "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
    "Terabits/Second", "Count/Second", "None",
  ],
});
const METRIC = struct({ Namespace: NAMESPACE, MetricName: METRIC_NAME, Dimensions: DIMENSIONS });
const METRIC_DATUM = struct({
  MetricName: METRIC_NAME,
  Dimensions: DIMENSIONS,
  Timestamp: timestamp(),
  Value: float(),
  StatisticValues: struct({ SampleCount: float(), Sum: float(), Minimum: float(), Maximum: float() }),
  Values: list(float()),
  Counts: list(float()),
  Unit: STANDARD_UNIT,
  StorageResolution: int({ min: 1 }),
});

export const INPUT_SHAPES: Record<string, Shape> = {
  PutMetricData: struct({
    Namespace: NAMESPACE,
    MetricData: list(METRIC_DATUM),
    EntityMetricData: list(struct({ MetricData: list(METRIC_DATUM) })),
    StrictEntityValidation: bool(),
  }),
  GetMetricStatistics: struct({
    Namespace: NAMESPACE,
    MetricName: METRIC_NAME,
    Dimensions: DIMENSIONS,
    StartTime: timestamp(),
    EndTime: timestamp(),
    Period: int({ min: 1 }),
    Statistics: list(str({ enum: ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] }), { min: 1, max: 5 }),
    ExtendedStatistics: list(str(), { min: 1, max: 10 }),
    Unit: STANDARD_UNIT,
  }),
  GetMetricData: struct({
    MetricDataQueries: list(
      struct({
        Id: str({ min: 1, max: 255 }),
        MetricStat: struct({ Metric: METRIC, Period: int({ min: 1 }), Stat: str(), Unit: STANDARD_UNIT }),
        Expression: str({ min: 1, max: 2048 }),
        Label: str(),
        ReturnData: bool(),
        Period: int({ min: 1 }),
        AccountId: str({ min: 1, max: 255 }),
      }),
    ),
    StartTime: timestamp(),
    EndTime: timestamp(),
    NextToken: str(),
    ScanBy: str({ enum: ["TimestampDescending", "TimestampAscending"] }),
    MaxDatapoints: int(),
  }),
  ListMetrics: struct({
    Namespace: NAMESPACE,
    MetricName: METRIC_NAME,
    Dimensions: list(struct({ Name: DIMENSION_NAME, Value: DIMENSION_VALUE }), { max: 10 }),
    NextToken: str(),
    RecentlyActive: str({ enum: ["PT3H"] }),
    IncludeLinkedAccounts: bool(),
    OwningAccount: str({ min: 1, max: 255 }),
  }),
};
