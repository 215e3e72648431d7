import type { Dimension } from "../../metrics/metric-sink";
import { invalidParameterValue, missingParameter } from "../protocol/cloudwatch-errors";
import type { ApiDimension } from "./types";

/** A required parameter, named as the query protocol names it (`MetricData.member.1.MetricName`). */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) throw missingParameter(name);
  return value;
}

/** Dimensions with Name and Value, no name twice (the duplicate wording is ours). */
export function checkDimensions(dimensions: readonly ApiDimension[] | undefined, name: string): Dimension[] {
  const out: Dimension[] = [];
  const seen = new Set<string>();
  (dimensions ?? []).forEach((d, i) => {
    const dimName = required(d.Name, `${name}.member.${i + 1}.Name`);
    const value = required(d.Value, `${name}.member.${i + 1}.Value`);
    if (seen.has(dimName)) throw invalidParameterValue(`The collection ${name} must not contain duplicate dimensions (${dimName}).`);
    seen.add(dimName);
    out.push({ name: dimName, value });
  });
  return out;
}

/** CloudWatch compares dimensions as sets. */
export function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  return a.length === b.length && a.every((d) => b.some((e) => e.name === d.name && e.value === d.value));
}

export function checkTimeRange(start: Date, end: Date): void {
  if (start.getTime() >= end.getTime()) throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
}
