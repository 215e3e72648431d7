/**
 * Scaling activities in Application Auto Scaling's words. Sources: the user guide's examples
 * (application-auto-scaling-scaling-activities.md: "Setting desired count to 1.", "monitor alarm
 * ... in state ALARM triggered policy ...", "Successfully set desired count to 1. Change
 * successfully fulfilled by ecs."; get-started-exercise.md for scheduled actions: "Setting min
 * capacity to 15 and max capacity to 20", "scheduled action name ... was triggered", "minimum
 * capacity was set to 15") and SageMaker variants' activities as DescribeScalingActivities shows
 * them ("Setting desired instance count to 48.", "Successfully set desired instance count to 48.
 * Change successfully fulfilled by sagemaker.").
 */

export const setDesiredCount = (n: number) => `Setting desired instance count to ${n}.`;

export const desiredCountSet = (n: number) => `Successfully set desired instance count to ${n}. Change successfully fulfilled by sagemaker.`;

export const alarmTriggeredPolicy = (alarmName: string, policyName: string) => `monitor alarm ${alarmName} in state ALARM triggered policy ${policyName}`;

export const minCapacityWasSet = (n: number) => `minimum capacity was set to ${n}`;

export const maxCapacityWasSet = (n: number) => `maximum capacity was set to ${n}`;

export const scheduledActionTriggered = (name: string) => `scheduled action name ${name} was triggered`;

/** "Setting min capacity to X and max capacity to Y"; with one bound only, that one (our guess of AWS's wording). */
export function settingCapacityRange(min: number | undefined, max: number | undefined): string {
  return `Setting ${capacityRange(min, max)}`;
}

export function capacityRangeSet(min: number | undefined, max: number | undefined): string {
  return `Successfully set ${capacityRange(min, max)}`;
}

function capacityRange(min: number | undefined, max: number | undefined): string {
  const parts = [min !== undefined ? `min capacity to ${min}` : undefined, max !== undefined ? `max capacity to ${max}` : undefined];
  return parts.filter(Boolean).join(" and ");
}

/** The alarm names PutScalingPolicy returned; AWS names them TargetTracking-<ResourceId>-AlarmHigh|AlarmLow-<uuid>. */
export function policyAlarmName(alarms: { AlarmName: string }[] | undefined, resourceId: string, which: "AlarmHigh" | "AlarmLow"): string {
  return alarms?.find((a) => a.AlarmName.includes(`-${which}-`))?.AlarmName ?? `TargetTracking-${resourceId}-${which}`;
}
