import {
  policyNotFound,
  predictiveScalingRefused,
  stepScalingRefused,
  targetNotRegistered,
  validation,
} from "../protocol/autoscaling-errors";
import { scalingPolicyArn, targetTrackingAlarm } from "./arns";
import type { BackendContext } from "./context";
import { pageOf } from "./page-token";
import { checkNamespace, checkTargetKey, storeKey, type TargetKey } from "./target-key";
import type { CustomizedMetricSpecification, ScalingPolicy, TargetTrackingScalingPolicyConfiguration } from "./types";

export type PutScalingPolicyInput = TargetKey & {
  PolicyName: string;
  PolicyType?: string;
  TargetTrackingScalingPolicyConfiguration?: TargetTrackingScalingPolicyConfiguration;
  StepScalingPolicyConfiguration?: unknown;
  PredictiveScalingPolicyConfiguration?: unknown;
};

/** The predefined metric the engine records for a variant (InvocationsPerInstance in AWS/SageMaker). */
const SERVED_PREDEFINED = "SageMakerVariantInvocationsPerInstance";

/**
 * Creates or updates a target-tracking policy. An update keeps the policy's ARN, alarms and
 * creation time and replaces its configuration; step and predictive scaling are refused.
 */
export function putScalingPolicy(ctx: BackendContext, input: PutScalingPolicyInput) {
  checkTargetKey(input);
  if (!ctx.store.getTarget(storeKey(input))) throw targetNotRegistered(input);
  const existing = ctx.store.getPolicy(storeKey(input), input.PolicyName);
  const type = input.PolicyType ?? existing?.PolicyType;
  if (type === "StepScaling" || (type === undefined && input.StepScalingPolicyConfiguration !== undefined)) throw stepScalingRefused();
  if (type === "PredictiveScaling") throw predictiveScalingRefused();
  // Ours: AWS documents PolicyType as required when a policy is created; its wording is not public.
  if (type === undefined) throw validation("PolicyType is required when creating a scaling policy.");
  const config = input.TargetTrackingScalingPolicyConfiguration ?? existing?.TargetTrackingScalingPolicyConfiguration;
  if (!config) throw validation("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.");
  checkTargetTracking(config);

  const policy: ScalingPolicy = {
    PolicyARN: existing?.PolicyARN ?? scalingPolicyArn(ctx, input.ServiceNamespace, input.ResourceId, input.PolicyName),
    PolicyName: input.PolicyName,
    ServiceNamespace: input.ServiceNamespace,
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: config,
    Alarms: existing?.Alarms ?? [targetTrackingAlarm(ctx, input.ResourceId, "High"), targetTrackingAlarm(ctx, input.ResourceId, "Low")],
    CreationTime: existing?.CreationTime ?? ctx.now(),
  };
  ctx.store.putPolicy(policy);
  ctx.changed({ resourceId: policy.ResourceId, kind: "policy-put" });
  return { PolicyARN: policy.PolicyARN, Alarms: policy.Alarms };
}

/** What the scaler can evaluate: one metric, from the engine's own recorded metrics. Wordings are ours. */
function checkTargetTracking(config: TargetTrackingScalingPolicyConfiguration): void {
  const predefined = config.PredefinedMetricSpecification;
  const customized = config.CustomizedMetricSpecification;
  if ((predefined === undefined) === (customized === undefined)) {
    throw validation("Specify exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification.");
  }
  if (!(config.TargetValue > 0)) throw validation(`TargetValue must be greater than 0 (got ${config.TargetValue}).`);
  for (const [name, value] of [["ScaleInCooldown", config.ScaleInCooldown], ["ScaleOutCooldown", config.ScaleOutCooldown]] as const) {
    if (value !== undefined && value < 0) throw validation(`${name} must be 0 or more seconds (got ${value}).`);
  }
  if (predefined && predefined.PredefinedMetricType !== SERVED_PREDEFINED) {
    throw validation(
      `The local engine tracks the predefined metric ${SERVED_PREDEFINED} for SageMaker variants, not ${predefined.PredefinedMetricType}; ` +
        `use a CustomizedMetricSpecification for other metrics.`,
    );
  }
  if (customized) checkCustomizedMetric(customized);
}

function checkCustomizedMetric(spec: CustomizedMetricSpecification): void {
  if (spec.Metrics !== undefined) {
    if (spec.MetricName !== undefined || spec.Namespace !== undefined || spec.Statistic !== undefined || spec.Dimensions !== undefined) {
      throw validation("A CustomizedMetricSpecification has either Metrics or MetricName, Namespace, Dimensions and Statistic, not both.");
    }
    const returned = spec.Metrics.filter((q) => q.ReturnData !== false);
    if (spec.Metrics.some((q) => q.Expression !== undefined)) {
      throw validation("The local engine does not evaluate metric math: each of Metrics must be a MetricStat, without Expression.");
    }
    if (returned.length !== 1 || spec.Metrics.length !== 1 || !returned[0]!.MetricStat) {
      throw validation("The local engine tracks one metric: Metrics must hold one query with a MetricStat.");
    }
    return;
  }
  if (spec.MetricName === undefined || spec.Namespace === undefined || spec.Statistic === undefined) {
    throw validation("A CustomizedMetricSpecification needs MetricName, Namespace and Statistic (or Metrics).");
  }
}

export type DescribeScalingPoliciesInput = {
  ServiceNamespace: string;
  PolicyNames?: string[];
  ResourceId?: string;
  ScalableDimension?: string;
  MaxResults?: number;
  NextToken?: string;
};

export function describeScalingPolicies(ctx: BackendContext, input: DescribeScalingPoliciesInput) {
  checkNamespace(input);
  const names = input.PolicyNames && input.PolicyNames.length > 0 ? new Set(input.PolicyNames) : undefined;
  const rows = ctx.store
    .listPolicies({ ns: input.ServiceNamespace, dimension: input.ScalableDimension, resourceId: input.ResourceId })
    .filter((r) => !names || names.has(r.record.PolicyName));
  const page = pageOf(rows, input, { defaultMaxResults: 10 });
  return { ScalingPolicies: page.records, NextToken: page.NextToken };
}

export function deleteScalingPolicy(ctx: BackendContext, input: TargetKey & { PolicyName: string }) {
  checkTargetKey(input);
  if (!ctx.store.deletePolicy(storeKey(input), input.PolicyName)) throw policyNotFound(input, input.PolicyName);
  ctx.changed({ resourceId: input.ResourceId, kind: "policy-deleted" });
  return {};
}
