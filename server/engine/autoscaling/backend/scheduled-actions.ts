import { scheduledActionNotFound, targetNotRegistered, validation } from "../protocol/autoscaling-errors";
import { scheduledActionArn } from "./arns";
import type { BackendContext } from "./context";
import { pageOf } from "./page-token";
import { checkCapacities } from "./scalable-targets";
import { isKnownTimezone, scheduleProblem } from "./schedule-expression";
import { checkNamespace, checkTargetKey, storeKey, type TargetKey } from "./target-key";
import type { ScalableTargetAction, ScheduledAction } from "./types";

export type PutScheduledActionInput = TargetKey & {
  ScheduledActionName: string;
  Schedule?: string;
  Timezone?: string;
  StartTime?: Date;
  EndTime?: Date;
  ScalableTargetAction?: ScalableTargetAction;
};

/**
 * Creates or updates a scheduled action. On an update, what is not given is kept, except StartTime
 * and EndTime, which are deleted when left out (AWS's API reference says so). Wordings are ours.
 */
export function putScheduledAction(ctx: BackendContext, input: PutScheduledActionInput) {
  checkTargetKey(input);
  if (!ctx.store.getTarget(storeKey(input))) throw targetNotRegistered(input);
  const existing = ctx.store.getScheduledAction(storeKey(input), input.ScheduledActionName);
  const schedule = input.Schedule ?? existing?.Schedule;
  if (schedule === undefined) throw validation("Schedule is required when creating a scheduled action.");
  const problem = scheduleProblem(schedule);
  if (problem) throw validation(`Schedule "${schedule}" is not valid: ${problem}.`);
  const timezone = input.Timezone ?? existing?.Timezone;
  if (timezone !== undefined && !isKnownTimezone(timezone)) throw validation(`Timezone "${timezone}" is not a known IANA time zone.`);
  if (input.StartTime && input.EndTime && input.StartTime.getTime() >= input.EndTime.getTime()) {
    throw validation("EndTime must be after StartTime.");
  }
  const action = input.ScalableTargetAction ?? existing?.ScalableTargetAction;
  if (!action || (action.MinCapacity === undefined && action.MaxCapacity === undefined)) {
    throw validation("ScalableTargetAction needs MinCapacity, MaxCapacity or both.");
  }
  checkCapacities(action.MinCapacity, action.MaxCapacity);

  const record: ScheduledAction = {
    ScheduledActionName: input.ScheduledActionName,
    ScheduledActionARN:
      existing?.ScheduledActionARN ?? scheduledActionArn(ctx, input.ServiceNamespace, input.ResourceId, input.ScheduledActionName),
    ServiceNamespace: input.ServiceNamespace,
    Schedule: schedule,
    ...(timezone !== undefined ? { Timezone: timezone } : {}),
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    ...(input.StartTime ? { StartTime: input.StartTime } : {}),
    ...(input.EndTime ? { EndTime: input.EndTime } : {}),
    ScalableTargetAction: action,
    CreationTime: existing?.CreationTime ?? ctx.now(),
  };
  ctx.store.putScheduledAction(record);
  ctx.changed({ resourceId: record.ResourceId, kind: "scheduled-action-put" });
  return {};
}

export type DescribeScheduledActionsInput = {
  ServiceNamespace: string;
  ScheduledActionNames?: string[];
  ResourceId?: string;
  ScalableDimension?: string;
  MaxResults?: number;
  NextToken?: string;
};

export function describeScheduledActions(ctx: BackendContext, input: DescribeScheduledActionsInput) {
  checkNamespace(input);
  const names = input.ScheduledActionNames && input.ScheduledActionNames.length > 0 ? new Set(input.ScheduledActionNames) : undefined;
  const rows = ctx.store
    .listScheduledActions({ ns: input.ServiceNamespace, dimension: input.ScalableDimension, resourceId: input.ResourceId })
    .filter((r) => !names || names.has(r.record.ScheduledActionName));
  const page = pageOf(rows, input, { defaultMaxResults: 50 });
  return { ScheduledActions: page.records, NextToken: page.NextToken };
}

export function deleteScheduledAction(ctx: BackendContext, input: TargetKey & { ScheduledActionName: string }) {
  checkTargetKey(input);
  if (!ctx.store.deleteScheduledAction(storeKey(input), input.ScheduledActionName)) {
    throw scheduledActionNotFound(input, input.ScheduledActionName);
  }
  ctx.changed({ resourceId: input.ResourceId, kind: "scheduled-action-deleted" });
  return {};
}
