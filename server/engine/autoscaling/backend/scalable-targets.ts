import { targetNotFound, validation } from "../protocol/autoscaling-errors";
import { sageMakerServiceLinkedRole, scalableTargetArn } from "./arns";
import type { BackendContext } from "./context";
import { pageOf } from "./page-token";
import { checkNamespace, checkTargetKey, storeKey, type TargetKey } from "./target-key";
import type { ScalableTarget, SuspendedState } from "./types";

export type RegisterScalableTargetInput = TargetKey & {
  MinCapacity?: number;
  MaxCapacity?: number;
  RoleARN?: string;
  SuspendedState?: Partial<SuspendedState>;
  Tags?: Record<string, string>;
};

const NOT_SUSPENDED: SuspendedState = { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false };

/**
 * Registers a target, or updates one: what is not given is kept (AWS's rule for updates). The
 * variant's existence is checked before the transaction (see AutoScalingBackend).
 */
export function registerScalableTarget(ctx: BackendContext, input: RegisterScalableTargetInput) {
  checkTargetKey(input);
  const existing = ctx.store.getTarget(storeKey(input));
  if (!existing && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
    // Ours: AWS documents both as required for a new target; its wording is not public.
    throw validation("MinCapacity and MaxCapacity are required when registering a new scalable target.");
  }
  const min = input.MinCapacity ?? existing!.MinCapacity;
  const max = input.MaxCapacity ?? existing!.MaxCapacity;
  checkCapacities(min, max);
  const target: ScalableTarget = {
    ServiceNamespace: input.ServiceNamespace,
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    MinCapacity: min,
    MaxCapacity: max,
    RoleARN: existing?.RoleARN ?? sageMakerServiceLinkedRole(ctx),
    CreationTime: existing?.CreationTime ?? ctx.now(),
    SuspendedState: { ...(existing?.SuspendedState ?? NOT_SUSPENDED), ...input.SuspendedState },
    ScalableTargetARN: existing?.ScalableTargetARN ?? scalableTargetArn(ctx),
  };
  if (existing) ctx.store.updateTarget(target);
  else ctx.store.insertTarget(target);
  ctx.changed({ resourceId: target.ResourceId, kind: "registered" });
  return { ScalableTargetARN: target.ScalableTargetARN };
}

/**
 * A SageMaker variant runs at least one instance (SageMaker's guide: "at least 1"), and a range
 * must not be empty. Ours: AWS's wording of these refusals is not public.
 */
export function checkCapacities(min: number | undefined, max: number | undefined): void {
  if (min !== undefined && min < 1) throw validation(`MinCapacity must be at least 1 for a SageMaker endpoint variant (got ${min}).`);
  if (max !== undefined && max < 1) throw validation(`MaxCapacity must be at least 1 for a SageMaker endpoint variant (got ${max}).`);
  if (min !== undefined && max !== undefined && min > max) {
    throw validation(`Minimum capacity cannot be greater than maximum capacity (MinCapacity ${min}, MaxCapacity ${max}).`);
  }
}

export type DescribeScalableTargetsInput = {
  ServiceNamespace: string;
  ResourceIds?: string[];
  ScalableDimension?: string;
  MaxResults?: number;
  NextToken?: string;
};

export function describeScalableTargets(ctx: BackendContext, input: DescribeScalableTargetsInput) {
  checkNamespace(input);
  const ids = input.ResourceIds && input.ResourceIds.length > 0 ? new Set(input.ResourceIds) : undefined;
  const rows = ctx.store
    .listTargets({ ns: input.ServiceNamespace, dimension: input.ScalableDimension })
    .filter((r) => !ids || ids.has(r.record.ResourceId));
  const page = pageOf(rows, input, { defaultMaxResults: 50 });
  return { ScalableTargets: page.records, NextToken: page.NextToken };
}

/** Deregisters a target and deletes its policies and scheduled actions, as AWS does. */
export function deregisterScalableTarget(ctx: BackendContext, input: TargetKey) {
  checkTargetKey(input);
  if (!ctx.store.getTarget(storeKey(input))) throw targetNotFound(input);
  ctx.store.deleteTarget(storeKey(input));
  ctx.changed({ resourceId: input.ResourceId, kind: "deregistered" });
  return {};
}
