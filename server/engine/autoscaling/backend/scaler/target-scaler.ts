import type { ScalableTarget } from "../types";
import { parseVariantResourceId, type VariantRef } from "../variant-resource-id";
import { alarmTriggeredPolicy, capacityRangeSet, desiredCountSet, maxCapacityWasSet, minCapacityWasSet, policyAlarmName, scheduledActionTriggered, setDesiredCount, settingCapacityRange } from "./activity-wording";
import { policyMetricQuery } from "./policy-metric";
import { latestFiring } from "./schedule-firing";
import { cooldownMs, decideScaling, type Cooldowns, type PolicyState } from "./scaling-decision";
import type { MetricQuery, MetricReader, ScalableEndpoints, ScalingStore } from "./scaler-ports";
import { evaluateAlarms, PERIODS_READ, type PolicyAlarms } from "./target-tracking-alarms";

export type TargetScalerOptions = {
  store: ScalingStore;
  endpoints: ScalableEndpoints;
  metrics: MetricReader;
  /** Seconds per period (MME_ENGINE_SCALING_PERIOD_S): the loop ticks once a period. */
  periodS: number;
  now?: () => number;
  onError?: (err: unknown) => void;
};

/** A capacity change SageMaker has not finished: its activity ends when the endpoint is InService again. */
type PendingChange = VariantRef & { activityId: string; from: number; capacity: number; direction: "out" | "in" | "bounds"; cooldownMs: number };

const NO_ALARMS: PolicyAlarms = { high: "INSUFFICIENT_DATA", low: "INSUFFICIENT_DATA" };

/**
 * Application Auto Scaling's work on the engine: once a period it fires due scheduled actions,
 * keeps each SageMaker variant within its target's [min, max], and evaluates target tracking
 * policies on the engine's own CloudWatch data, changing the variant's desired instance count
 * through UpdateEndpointWeightsAndCapacities as the real service does. Each change is a scaling
 * activity, InProgress until SageMaker has fulfilled it. An endpoint that is not InService is
 * left alone until it is (AWS waits too). Cooldowns live in memory: after a restart none is in
 * force. With no scalable target registered a tick does nothing at all.
 */
export class TargetScaler {
  private readonly now: () => number;
  private readonly onError: (err: unknown) => void;
  private readonly pending = new Map<string, PendingChange>();
  private readonly cooldowns = new Map<string, Cooldowns>();
  private timer: NodeJS.Timeout | undefined;
  private hasTargets = false;
  private stopped = false;
  private scheduleCheckedAt: number;

  constructor(private readonly opts: TargetScalerOptions) {
    this.now = opts.now ?? Date.now;
    this.onError = opts.onError ?? ((err) => console.error("mme-engine: application auto scaling failed", err));
    this.scheduleCheckedAt = this.now();
    // Both are heard after the change is made (and maybe inside its transaction): act a moment later.
    opts.store.onTargetChange(() => this.later(() => this.targetsChanged()));
    opts.endpoints.onEndpointChange(() => this.later(() => this.settlePending()));
  }

  start(): void {
    this.hasTargets = this.targets().length > 0;
    this.timer = setInterval(() => this.safely(() => this.tick()), this.opts.periodS * 1000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One period's work; public for tests that drive the clock themselves. */
  tick(): void {
    const now = this.now();
    const from = this.scheduleCheckedAt;
    this.scheduleCheckedAt = now;
    if (!this.hasTargets) return;
    const targets = this.targets();
    this.hasTargets = targets.length > 0;
    this.settlePending();
    for (const target of targets) {
      const variant = parseVariantResourceId(target.ResourceId);
      if (!variant) continue;
      this.safely(() => {
        const bounded = this.runScheduledActions(target, from, now);
        if (!this.keepInBounds(bounded, variant)) this.trackTarget(bounded, variant, now);
      });
    }
  }

  private targetsChanged(): void {
    const targets = this.targets();
    this.hasTargets = targets.length > 0;
    for (const target of targets) {
      const variant = parseVariantResourceId(target.ResourceId);
      if (variant) this.safely(() => this.keepInBounds(target, variant));
    }
  }

  private targets(): ScalableTarget[] {
    // The backend lists SageMaker variants' targets only: the one namespace the engine serves.
    return this.opts.store.listScalableTargets();
  }

  /** The variant's desired instance count while its endpoint can take a change, else undefined. */
  private capacityOf(v: VariantRef): number | undefined {
    const e = this.opts.endpoints.findEndpoint(v.endpointName);
    if (!e || e.status !== "InService" || e.pending || !e.live) return undefined;
    return e.live.variants.find((x) => x.variantName.toLowerCase() === v.variantName.toLowerCase())?.desiredInstanceCount;
  }

  /**
   * At the scheduled time the action sets the target's MinCapacity and MaxCapacity (one activity),
   * and the capacity is then brought into the new range (another), cooldowns or not
   * (user guide: scheduled scaling, and "Cooldown period"). Returns the target as it now is.
   */
  private runScheduledActions(target: ScalableTarget, from: number, to: number): ScalableTarget {
    if (target.SuspendedState?.ScheduledScalingSuspended) return target;
    const due = this.opts.store
      .listScheduledActions(target.ResourceId)
      .map((action) => ({ action, at: latestFiring(action, from, to) }))
      .filter((d): d is typeof d & { at: number } => d.at !== undefined)
      .sort((a, b) => a.at - b.at);
    let current = target;
    for (const { action } of due) {
      const min = action.ScalableTargetAction?.MinCapacity;
      const max = action.ScalableTargetAction?.MaxCapacity;
      if (min === undefined && max === undefined) continue;
      const id = this.opts.store.startActivity({ resourceId: target.ResourceId, description: settingCapacityRange(min, max), cause: scheduledActionTriggered(action.ScheduledActionName) });
      try {
        this.opts.store.setTargetCapacity(target.ResourceId, { min, max });
      } catch (err) {
        this.opts.store.endActivity(id, { statusCode: "Failed", statusMessage: messageOf(err) });
        continue;
      }
      this.opts.store.endActivity(id, { statusCode: "Successful", statusMessage: capacityRangeSet(min, max) });
      current = { ...current, MinCapacity: min ?? current.MinCapacity, MaxCapacity: max ?? current.MaxCapacity };
    }
    return current;
  }

  /** Brings a capacity outside [min, max] inside it; true when the variant is busy or was changed. */
  private keepInBounds(target: ScalableTarget, v: VariantRef): boolean {
    if (this.pending.has(target.ResourceId)) return true;
    const capacity = this.capacityOf(v);
    if (capacity === undefined) return true;
    if (capacity < target.MinCapacity) {
      this.scale(target.ResourceId, v, capacity, target.MinCapacity, minCapacityWasSet(target.MinCapacity), "bounds", 0);
      return true;
    }
    if (capacity > target.MaxCapacity) {
      this.scale(target.ResourceId, v, capacity, target.MaxCapacity, maxCapacityWasSet(target.MaxCapacity), "bounds", 0);
      return true;
    }
    return false;
  }

  private trackTarget(target: ScalableTarget, v: VariantRef, now: number): void {
    const policies = this.opts.store
      .listScalingPolicies(target.ResourceId)
      .filter((p) => p.PolicyType === "TargetTrackingScaling" && p.TargetTrackingScalingPolicyConfiguration);
    if (policies.length === 0) return;
    const current = this.capacityOf(v);
    if (current === undefined) return;

    const periodMs = this.opts.periodS * 1000;
    // Whole periods only: the one in progress is not a datapoint yet.
    const end = Math.floor(now / periodMs) * periodMs;
    const start = end - PERIODS_READ * periodMs;
    const queries = policies.map((p, i) => policyMetricQuery(`p${i}`, p.TargetTrackingScalingPolicyConfiguration!, v, this.opts.periodS));
    const asked = queries.filter((q): q is MetricQuery => q !== undefined);
    const results = asked.length
      ? this.opts.metrics.getMetricData({ MetricDataQueries: asked, StartTime: new Date(start), EndTime: new Date(end), ScanBy: "TimestampAscending" }).MetricDataResults
      : [];

    const states: PolicyState[] = policies.map((p, i) => {
      const config = p.TargetTrackingScalingPolicyConfiguration!;
      const result = results.find((r) => r.Id === `p${i}`);
      let alarms = NO_ALARMS;
      if (result) {
        const slots: (number | undefined)[] = new Array<number | undefined>(PERIODS_READ).fill(undefined);
        (result.Timestamps ?? []).forEach((t, k) => {
          const slot = Math.round((t.getTime() - start) / periodMs);
          if (slot >= 0 && slot < PERIODS_READ) slots[slot] = result.Values?.[k];
        });
        alarms = evaluateAlarms(slots, config.TargetValue);
      }
      return {
        policyName: p.PolicyName,
        targetValue: config.TargetValue,
        alarms,
        disableScaleIn: config.DisableScaleIn === true,
        alarmHighName: policyAlarmName(p.Alarms, target.ResourceId, "AlarmHigh"),
        alarmLowName: policyAlarmName(p.Alarms, target.ResourceId, "AlarmLow"),
      };
    });

    const decision = decideScaling({ current, min: target.MinCapacity, max: target.MaxCapacity, policies: states, cooldowns: this.cooldowns.get(target.ResourceId) ?? {}, now });
    if (!decision) return;
    const suspended = target.SuspendedState;
    if (decision.direction === "out" ? suspended?.DynamicScalingOutSuspended : suspended?.DynamicScalingInSuspended) return;
    const config = policies.find((p) => p.PolicyName === decision.policyName)!.TargetTrackingScalingPolicyConfiguration!;
    const cooldown = cooldownMs(decision.direction === "out" ? config.ScaleOutCooldown : config.ScaleInCooldown, this.opts.periodS);
    this.scale(target.ResourceId, v, current, decision.capacity, alarmTriggeredPolicy(decision.alarmName, decision.policyName), decision.direction, cooldown);
  }

  private scale(resourceId: string, v: VariantRef, from: number, capacity: number, cause: string, direction: PendingChange["direction"], cooldown: number): void {
    const activityId = this.opts.store.startActivity({ resourceId, description: setDesiredCount(capacity), cause });
    try {
      this.opts.endpoints.updateEndpointWeightsAndCapacities({ EndpointName: v.endpointName, DesiredWeightsAndCapacities: [{ VariantName: v.variantName, DesiredInstanceCount: capacity }] });
    } catch (err) {
      this.opts.store.endActivity(activityId, { statusCode: "Failed", statusMessage: messageOf(err) });
      return;
    }
    this.pending.set(resourceId, { ...v, activityId, from, capacity, direction, cooldownMs: cooldown });
    // "If another alarm triggers a scale-out activity during the scale-in cooldown period, ... the
    // scale-in cooldown period stops and doesn't complete" (TargetTrackingScalingPolicyConfiguration).
    if (direction === "out") this.cooldowns.set(resourceId, { ...this.cooldowns.get(resourceId), scaleIn: undefined });
  }

  /** Ends the activities SageMaker has fulfilled; a cooldown starts when its activity completes. */
  private settlePending(): void {
    for (const [resourceId, p] of this.pending) {
      const e = this.opts.endpoints.findEndpoint(p.endpointName);
      if (e && (e.status !== "InService" || e.pending)) continue;
      this.pending.delete(resourceId);
      if (!e) {
        this.opts.store.endActivity(p.activityId, { statusCode: "Failed", statusMessage: `Endpoint ${p.endpointName} no longer exists.` });
        continue;
      }
      this.opts.store.endActivity(p.activityId, { statusCode: "Successful", statusMessage: desiredCountSet(p.capacity) });
      const until = this.now() + p.cooldownMs;
      const c = this.cooldowns.get(resourceId) ?? {};
      if (p.direction === "out") this.cooldowns.set(resourceId, { ...c, scaleOut: { until, from: p.from } });
      if (p.direction === "in") this.cooldowns.set(resourceId, { ...c, scaleIn: { until } });
    }
  }

  private later(fn: () => void): void {
    // Not after stop(): the engine closes its state right after.
    setImmediate(() => this.stopped || this.safely(fn));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
