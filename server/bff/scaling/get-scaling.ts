import "server-only";
import {
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  type ScalingActivity,
  type ScalingPolicy,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { metricLabel, presetOf } from "@/lib/scaling/policy-presets";
import type { ScalingActivityView, ScalingPolicyView, ScalingView, ScheduledActionView } from "@/lib/schemas/scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { SAGEMAKER_VARIANT, variantResourceId } from "@/server/bff/scaling/scalable-variant";
import { toErrorResponse } from "@/server/route/api-error";

/** The newest activities shown (one page of DescribeScalingActivities at AWS's largest page size). */
const ACTIVITIES_SHOWN = 50;

/**
 * The Scaling tab's state for the endpoint's first variant: its scalable target, policies and
 * scheduled actions (every page), and its newest scaling activities, asked at once.
 */
export async function getScaling(name: string): Promise<ScalingView> {
  const ep = await describeEndpointOrNotFound(name);
  const pv = ep.ProductionVariants?.[0];
  const base: ScalingView = {
    endpoint: name,
    endpointStatus: ep.EndpointStatus ?? "Unknown",
    currentInstanceCount: pv?.CurrentInstanceCount,
    desiredInstanceCount: pv?.DesiredInstanceCount,
    policies: [],
    scheduledActions: [],
    activities: [],
  };
  if (!pv?.VariantName) return base;
  const resourceId = variantResourceId(name, pv.VariantName);
  const client = autoscalingClient();
  const [targets, policies, actions, activities] = await Promise.all([
    client.send(new DescribeScalableTargetsCommand({ ...SAGEMAKER_VARIANT, ResourceIds: [resourceId] })),
    allPages<ScalingPolicy>(async (NextToken) => {
      const out = await client.send(new DescribeScalingPoliciesCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, NextToken }));
      return { items: out.ScalingPolicies ?? [], next: out.NextToken };
    }),
    allPages<ScheduledAction>(async (NextToken) => {
      const out = await client.send(new DescribeScheduledActionsCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, NextToken }));
      return { items: out.ScheduledActions ?? [], next: out.NextToken };
    }),
    newestActivities(resourceId),
  ]);
  const t = targets.ScalableTargets?.[0];
  const s = t?.SuspendedState;
  return {
    ...base,
    variant: pv.VariantName,
    resourceId,
    target: t && {
      minCapacity: t.MinCapacity ?? 0,
      maxCapacity: t.MaxCapacity ?? 0,
      created: t.CreationTime?.getTime(),
      suspended: Boolean(s?.DynamicScalingInSuspended || s?.DynamicScalingOutSuspended || s?.ScheduledScalingSuspended),
    },
    policies: policies.map(policyView),
    scheduledActions: actions.map(scheduledActionView),
    activities: activities.list,
    activitiesError: activities.error,
  };
}

/**
 * The newest activities. A backend that cannot list them (moto has no DescribeScalingActivities)
 * leaves the rest of the tab usable: the list says why it is empty instead of the page failing.
 */
async function newestActivities(resourceId: string): Promise<{ list: ScalingActivityView[]; error?: string }> {
  try {
    const out = await autoscalingClient().send(new DescribeScalingActivitiesCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, MaxResults: ACTIVITIES_SHOWN }));
    return { list: (out.ScalingActivities ?? []).map(activityView).sort((a, b) => b.start - a.start) };
  } catch (e) {
    const { status, body } = toErrorResponse(e);
    // Throttling, an unreachable backend, a refused caller: the whole tab says so, as for any read.
    if (status === 503 || status === 401 || status === 403) throw e;
    return { list: [], error: body.error.message };
  }
}

async function allPages<T>(page: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    all.push(...items);
    token = next;
  } while (token);
  return all;
}

function policyView(p: ScalingPolicy): ScalingPolicyView {
  const c = p.TargetTrackingScalingPolicyConfiguration;
  return {
    name: p.PolicyName ?? "",
    type: p.PolicyType ?? "",
    preset: presetOf(c),
    metric: c ? metricLabel(c) : (p.PolicyType ?? ""),
    targetValue: c?.TargetValue,
    scaleInCooldown: c?.ScaleInCooldown,
    scaleOutCooldown: c?.ScaleOutCooldown,
    disableScaleIn: c?.DisableScaleIn ?? false,
    alarms: (p.Alarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : [])),
    created: p.CreationTime?.getTime(),
  };
}

function scheduledActionView(a: ScheduledAction): ScheduledActionView {
  return {
    name: a.ScheduledActionName ?? "",
    schedule: a.Schedule ?? "",
    timezone: a.Timezone,
    start: a.StartTime?.getTime(),
    end: a.EndTime?.getTime(),
    minCapacity: a.ScalableTargetAction?.MinCapacity,
    maxCapacity: a.ScalableTargetAction?.MaxCapacity,
    created: a.CreationTime?.getTime(),
  };
}

function activityView(a: ScalingActivity): ScalingActivityView {
  return {
    id: a.ActivityId ?? "",
    start: a.StartTime?.getTime() ?? 0,
    end: a.EndTime?.getTime(),
    status: a.StatusCode ?? "",
    statusMessage: a.StatusMessage,
    description: a.Description ?? "",
    cause: a.Cause ?? "",
    details: a.Details,
  };
}
