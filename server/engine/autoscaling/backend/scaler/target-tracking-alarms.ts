/**
 * The two CloudWatch alarms Application Auto Scaling creates for a target tracking policy, as
 * their definitions read on AWS (PutScalingPolicy's `Alarms`, seen with DescribeAlarms):
 * - AlarmHigh: GreaterThanThreshold the target, 3 evaluation periods of 60 s;
 * - AlarmLow: LessThanThreshold 90 % of the target, 15 evaluation periods of 60 s;
 * both with TreatMissingData "missing". The user guide says the same in words: scale out "as fast
 * as it can", scale in only when the metric is "far enough below the target value (usually more
 * than 10% lower)" (application-auto-scaling-target-tracking.md, "Supporting application
 * availability during high utilization periods").
 * The engine counts periods, not minutes: one period is MME_ENGINE_SCALING_PERIOD_S seconds.
 */
export const HIGH_EVALUATION_PERIODS = 3;
export const LOW_EVALUATION_PERIODS = 15;
export const LOW_THRESHOLD_FRACTION = 0.9;

/**
 * With TreatMissingData "missing", CloudWatch skips missing datapoints and looks further back
 * than the evaluation periods for enough existing ones; with none in its range the alarm is
 * INSUFFICIENT_DATA, and a target tracking policy "does not scale in when the state of the alarm
 * is INSUFFICIENT_DATA" (user guide, Considerations). AWS does not document that range for every
 * case; the engine's is twice the evaluation periods.
 */
export const EVALUATION_RANGE_FACTOR = 2;

/** The periods of datapoints the scaler reads for one policy, oldest first. */
export const PERIODS_READ = LOW_EVALUATION_PERIODS * EVALUATION_RANGE_FACTOR;

export type AlarmState = "ALARM" | "OK" | "INSUFFICIENT_DATA";

export type PolicyAlarms = { high: AlarmState; low: AlarmState; /** The newest datapoint: what the new capacity is computed from. */ latest?: number };

/**
 * Evaluates both alarms over `datapoints`, one per period, oldest first, `undefined` where the
 * period has no data. An alarm is in ALARM when its newest N existing datapoints within its range
 * (2N periods) all breach; INSUFFICIENT_DATA when fewer than N exist there.
 */
export function evaluateAlarms(datapoints: readonly (number | undefined)[], targetValue: number): PolicyAlarms {
  const high = evaluate(datapoints, HIGH_EVALUATION_PERIODS, (v) => v > targetValue);
  const low = evaluate(datapoints, LOW_EVALUATION_PERIODS, (v) => v < targetValue * LOW_THRESHOLD_FRACTION);
  const latest = [...datapoints].reverse().find((v): v is number => v !== undefined);
  return { high, low, latest };
}

function evaluate(datapoints: readonly (number | undefined)[], periods: number, breaches: (v: number) => boolean): AlarmState {
  const range = datapoints.slice(-periods * EVALUATION_RANGE_FACTOR).filter((v): v is number => v !== undefined);
  if (range.length < periods) return "INSUFFICIENT_DATA";
  return range.slice(-periods).every(breaches) ? "ALARM" : "OK";
}
