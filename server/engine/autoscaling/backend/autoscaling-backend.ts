import type { BackendContext, EndpointLookup } from "./context";
import * as activities from "./scaling-activities";
import * as policies from "./scaling-policies";
import * as targets from "./scalable-targets";
import { checkCapacities } from "./scalable-targets";
import * as scheduled from "./scheduled-actions";
import type { AutoScalingStore } from "./store/autoscaling-store";
import { checkTargetKey, checkVariantExists } from "./target-key";
import {
  SAGEMAKER_NAMESPACE,
  VARIANT_DIMENSION,
  type ActivityEnd,
  type ActivityStart,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
  type TargetChange,
} from "./types";
import { parseVariantResourceId } from "./variant-resource-id";

export type AutoScalingBackendOptions = {
  store: AutoScalingStore;
  region: string;
  accountId: string;
  /** SageMaker's endpoints (start-engine.ts passes its backend's findEndpoint). */
  findEndpoint: EndpointLookup;
  now?: () => Date;
};

const key = (resourceId: string) => ({ ns: SAGEMAKER_NAMESPACE, resourceId, dimension: VARIANT_DIMENSION });

/**
 * Application Auto Scaling's state and rules for SageMaker variants, with no knowledge of HTTP:
 * the ten API operations (one transaction each, durable before they return) and what the scaler
 * (`scaler/`) reads and writes: targets, policies, scheduled actions, capacity limits, activities.
 */
export class AutoScalingBackend {
  private readonly ctx: BackendContext;
  private readonly findEndpoint: EndpointLookup;
  private pendingChanges: TargetChange[] = [];
  private readonly listeners = new Set<(change: TargetChange) => void>();

  constructor(opts: AutoScalingBackendOptions) {
    this.ctx = {
      store: opts.store,
      region: opts.region,
      accountId: opts.accountId,
      now: opts.now ?? (() => new Date()),
      changed: (change) => this.pendingChanges.push(change),
    };
    this.findEndpoint = opts.findEndpoint;
  }

  /**
   * Hears registered, updated and deregistered targets and put or deleted policies and scheduled
   * actions, after their transaction committed, so the scaler applies a new range or policy at
   * once. Not called for the scaler's own setTargetCapacity. Returns the unsubscribe.
   */
  onTargetChange(listener: (change: TargetChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private run<T>(fn: (ctx: BackendContext) => T): T {
    let result: T;
    try {
      result = this.ctx.store.transaction(() => fn(this.ctx));
    } catch (err) {
      this.pendingChanges = [];
      throw err;
    }
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (err) {
          console.error("mme-engine: an autoscaling change listener failed", err);
        }
      }
    }
    return result;
  }

  // The API (protocol/operations.ts), inputs already checked against the service model's shapes.
  registerScalableTarget = (i: targets.RegisterScalableTargetInput) => {
    // Outside this service's transaction: SageMaker's read runs its own (completing due transitions,
    // telling its listeners), which must not be rolled back with a refused registration.
    checkVariantExists(this.findEndpoint, checkTargetKey(i));
    return this.run((c) => targets.registerScalableTarget(c, i));
  };
  describeScalableTargets = (i: targets.DescribeScalableTargetsInput) => this.run((c) => targets.describeScalableTargets(c, i));
  deregisterScalableTarget = (i: Parameters<typeof targets.deregisterScalableTarget>[1]) =>
    this.run((c) => targets.deregisterScalableTarget(c, i));
  putScalingPolicy = (i: policies.PutScalingPolicyInput) => this.run((c) => policies.putScalingPolicy(c, i));
  describeScalingPolicies = (i: policies.DescribeScalingPoliciesInput) => this.run((c) => policies.describeScalingPolicies(c, i));
  deleteScalingPolicy = (i: Parameters<typeof policies.deleteScalingPolicy>[1]) => this.run((c) => policies.deleteScalingPolicy(c, i));
  describeScalingActivities = (i: activities.DescribeScalingActivitiesInput) => this.run((c) => activities.describeScalingActivities(c, i));
  putScheduledAction = (i: scheduled.PutScheduledActionInput) => this.run((c) => scheduled.putScheduledAction(c, i));
  describeScheduledActions = (i: scheduled.DescribeScheduledActionsInput) => this.run((c) => scheduled.describeScheduledActions(c, i));
  deleteScheduledAction = (i: Parameters<typeof scheduled.deleteScheduledAction>[1]) =>
    this.run((c) => scheduled.deleteScheduledAction(c, i));

  // What the scaler reads and writes (see /tmp/aas/contract.md). Records are AWS's shapes.

  /** Every registered SageMaker variant target, in registration order. */
  listScalableTargets(): ScalableTarget[] {
    return this.run((c) => c.store.listTargets({ ns: SAGEMAKER_NAMESPACE, dimension: VARIANT_DIMENSION }).map((r) => r.record));
  }

  findScalableTarget(resourceId: string): ScalableTarget | undefined {
    return this.run((c) => c.store.getTarget(key(resourceId)));
  }

  listScalingPolicies(resourceId: string): ScalingPolicy[] {
    return this.run((c) => c.store.listPolicies({ ns: SAGEMAKER_NAMESPACE, dimension: VARIANT_DIMENSION, resourceId }).map((r) => r.record));
  }

  listScheduledActions(resourceId: string): ScheduledAction[] {
    return this.run((c) =>
      c.store.listScheduledActions({ ns: SAGEMAKER_NAMESPACE, dimension: VARIANT_DIMENSION, resourceId }).map((r) => r.record),
    );
  }

  /**
   * A scheduled action's ScalableTargetAction: sets the given limits, keeps the other. Returns the
   * updated target, or undefined when it is no longer registered; throws a ValidationException when
   * the result would have MinCapacity above MaxCapacity (the activity then fails with its message).
   */
  setTargetCapacity(resourceId: string, limits: { min?: number; max?: number }): ScalableTarget | undefined {
    return this.run((c) => {
      const target = c.store.getTarget(key(resourceId));
      if (!target) return undefined;
      const updated = { ...target, MinCapacity: limits.min ?? target.MinCapacity, MaxCapacity: limits.max ?? target.MaxCapacity };
      checkCapacities(updated.MinCapacity, updated.MaxCapacity);
      c.store.updateTarget(updated);
      return updated;
    });
  }

  /** Records a scaling activity as InProgress; returns its ActivityId. */
  startActivity(start: ActivityStart): string {
    return this.run((c) => activities.startActivity(c, start));
  }

  /** Ends an activity with Successful or Failed and its StatusMessage. */
  endActivity(activityId: string, end: ActivityEnd): void {
    this.run((c) => activities.endActivity(c, activityId, end));
  }

  /**
   * SageMaker's DeleteEndpoint deregisters its variants' targets (AWS asks the caller for
   * application-autoscaling:DeregisterScalableTarget for it): their policies and actions go too.
   */
  forgetEndpoint(endpointName: string): void {
    this.run((c) => {
      const name = endpointName.toLowerCase();
      for (const { record } of c.store.listTargets({ ns: SAGEMAKER_NAMESPACE })) {
        if (parseVariantResourceId(record.ResourceId)?.endpointName.toLowerCase() !== name) continue;
        c.store.deleteTarget(key(record.ResourceId));
        c.changed({ resourceId: record.ResourceId, kind: "deregistered" });
      }
    });
  }
}
