/** The API's structures as the backend takes and gives them (already shape-checked by the wire layer). */
export type ApiDimension = { Name?: string; Value?: string };
export type ApiMetric = { Namespace?: string; MetricName?: string; Dimensions?: ApiDimension[] };
export type StatisticSet = { SampleCount: number; Sum: number; Minimum: number; Maximum: number };

export type MetricDatum = {
  MetricName?: string;
  Dimensions?: ApiDimension[];
  Timestamp?: Date;
  Value?: number;
  Values?: number[];
  Counts?: number[];
  StatisticValues?: Partial<StatisticSet>;
  Unit?: string;
  StorageResolution?: number;
};

export type PutMetricDataInput = { Namespace?: string; MetricData?: MetricDatum[]; EntityMetricData?: { MetricData?: MetricDatum[] }[] };

export type GetMetricStatisticsInput = {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: ApiDimension[];
  StartTime?: Date;
  EndTime?: Date;
  Period?: number;
  Statistics?: string[];
  ExtendedStatistics?: string[];
  Unit?: string;
};

export type Datapoint = {
  Timestamp: Date;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  Unit: string;
  ExtendedStatistics?: Record<string, number>;
};

export type MetricDataQuery = {
  Id?: string;
  MetricStat?: { Metric?: ApiMetric; Period?: number; Stat?: string; Unit?: string };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
};

export type GetMetricDataInput = {
  MetricDataQueries?: MetricDataQuery[];
  StartTime?: Date;
  EndTime?: Date;
  NextToken?: string;
  ScanBy?: "TimestampDescending" | "TimestampAscending";
  MaxDatapoints?: number;
};

export type MetricDataResult = { Id: string; Label: string; Timestamps: Date[]; Values: number[]; StatusCode: "Complete" | "PartialData" };

export type ListMetricsInput = { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[]; NextToken?: string; RecentlyActive?: "PT3H" };
