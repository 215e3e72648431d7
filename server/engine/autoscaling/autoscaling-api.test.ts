import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  paginateDescribeScalingPolicies,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type ScalableDimension,
  type ServiceNamespace,
} from "@aws-sdk/client-application-auto-scaling";
import { DeleteEndpointCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { createBucket, createEndpoint, sdkClients, type Clients } from "@/test/support/engine/mme-endpoint";
import { signedFetch } from "@/test/support/engine/signed-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * Application Auto Scaling through the real JS SDK client against an engine with real SageMaker
 * endpoints: every operation, its errors in AWS's codes and wording, pagination, and the shapes of
 * the ARNs and alarm names AWS gives.
 */
const ACCOUNT = TEST_CONFIG.accountId;
const NS = "sagemaker";
const DIM = "sagemaker:variant:DesiredInstanceCount";
const rid = (endpoint: string) => `endpoint/${endpoint}/variant/AllTraffic`;
const target = (endpoint: string) => ({ ServiceNamespace: NS, ResourceId: rid(endpoint), ScalableDimension: DIM }) as const;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The notebook's policy (resnet50_mme_with_gpu.ipynb, cell 42): GPUUtilization at 60 %. */
const GPU_POLICY = (endpoint: string) => ({
  TargetValue: 60,
  CustomizedMetricSpecification: {
    MetricName: "GPUUtilization",
    Namespace: "/aws/sagemaker/Endpoints",
    Dimensions: [
      { Name: "EndpointName", Value: endpoint },
      { Name: "VariantName", Value: "AllTraffic" },
    ],
    Statistic: "Average" as const,
    Unit: "Percent" as const,
  },
  ScaleInCooldown: 600,
  ScaleOutCooldown: 200,
});

let engine: TestEngine;
let c: Clients;
let aas: ApplicationAutoScalingClient;
const ENDPOINTS = ["aas-a", "aas-b", "aas-c", "aas-gone"];

beforeAll(async () => {
  engine = await startTestEngine();
  c = sdkClients(engine);
  aas = new ApplicationAutoScalingClient({ endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createBucket(c, "aas-models");
  for (const name of ENDPOINTS) await createEndpoint(c, name, { bucket: "aas-models" });
});
afterAll(async () => {
  aas?.destroy();
  c?.destroy();
  await engine?.cleanup();
});

const register = (endpoint: string, min?: number, max?: number) =>
  aas.send(new RegisterScalableTargetCommand({ ...target(endpoint), MinCapacity: min, MaxCapacity: max }));
const describeTargets = (ids: string[]) =>
  aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, ResourceIds: ids })).then((o) => o.ScalableTargets ?? []);

describe("RegisterScalableTarget, DescribeScalableTargets, DeregisterScalableTarget", () => {
  it("registers a variant with AWS's ARN, SageMaker's service-linked role and nothing suspended", async () => {
    const out = await register("aas-a", 1, 5);
    expect(out.ScalableTargetARN).toMatch(new RegExp(`^arn:aws:application-autoscaling:us-east-1:${ACCOUNT}:scalable-target/[0-9a-f]{36}$`));
    const [t] = await describeTargets([rid("aas-a")]);
    expect(t).toMatchObject({
      ...target("aas-a"),
      MinCapacity: 1,
      MaxCapacity: 5,
      RoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
      ScalableTargetARN: out.ScalableTargetARN,
    });
    expect(t!.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(t!.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("updates an existing target, keeping what is not given (ARN, creation time, the other limit)", async () => {
    await register("aas-b", 1, 3);
    const [before] = await describeTargets([rid("aas-b")]);
    const out = await aas.send(
      new RegisterScalableTargetCommand({ ...target("aas-b"), MaxCapacity: 4, SuspendedState: { DynamicScalingInSuspended: true } }),
    );
    const [after] = await describeTargets([rid("aas-b")]);
    expect(out.ScalableTargetARN).toBe(before!.ScalableTargetARN);
    expect(after).toMatchObject({ MinCapacity: 1, MaxCapacity: 4, CreationTime: before!.CreationTime });
    expect(after!.SuspendedState).toEqual({ DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false });
  });

  it("refuses a variant that does not exist, and a new target without both limits", async () => {
    await expectAwsError(register("nope", 1, 2), "ValidationException", "The endpoint nope does not exist or has no variant AllTraffic.");
    await expectAwsError(
      aas.send(new RegisterScalableTargetCommand({ ...target("aas-a"), ResourceId: "endpoint/aas-a/variant/Other", MinCapacity: 1, MaxCapacity: 2 })),
      "ValidationException",
      "The endpoint aas-a does not exist or has no variant Other.",
    );
    await expectAwsError(register("aas-c", 1), "ValidationException", "MinCapacity and MaxCapacity are required when registering a new scalable target.");
    await expectAwsError(register("aas-c", 3, 2), "ValidationException", /^Minimum capacity cannot be greater than maximum capacity/);
    await expectAwsError(register("aas-c", 0, 2), "ValidationException", /^MinCapacity must be at least 1/);
    await expectAwsError(register("aas-a", 6), "ValidationException", /^Minimum capacity cannot be greater than maximum capacity \(MinCapacity 6, MaxCapacity 5\)/);
    expect(await describeTargets([rid("aas-c")])).toEqual([]);
  });

  it("says in words that other namespaces and dimensions are not served here; malformed ids as AWS", async () => {
    const ecs = { ServiceNamespace: "ecs" as ServiceNamespace, ResourceId: "service/c/s", ScalableDimension: "ecs:service:DesiredCount" as ScalableDimension };
    await expectAwsError(
      aas.send(new RegisterScalableTargetCommand({ ...ecs, MinCapacity: 1, MaxCapacity: 2 })),
      "ValidationException",
      "The local engine serves Application Auto Scaling for SageMaker endpoint variants only (ServiceNamespace sagemaker, " +
        "ScalableDimension sagemaker:variant:DesiredInstanceCount), not ServiceNamespace ecs.",
    );
    await expectAwsError(aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "dynamodb" })), "ValidationException", /not ServiceNamespace dynamodb\.$/);
    await expectAwsError(
      aas.send(new RegisterScalableTargetCommand({ ...target("aas-a"), ScalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency" })),
      "ValidationException",
      /not ScalableDimension sagemaker:variant:DesiredProvisionedConcurrency\.$/,
    );
    await expectAwsError(
      aas.send(new RegisterScalableTargetCommand({ ...target("aas-a"), ResourceId: "endpoint/aas-a", MinCapacity: 1, MaxCapacity: 2 })),
      "ValidationException",
      "Unsupported service namespace, resource type or scalable dimension",
    );
    await expectAwsError(
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "nope" as ServiceNamespace })),
      "ValidationException",
      /^1 validation error detected: Value 'nope' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: \[ecs, /,
    );
  });

  it("pages with MaxResults and NextToken, and refuses a token it did not issue for these filters", async () => {
    await register("aas-c", 1, 2);
    const first = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, MaxResults: 2 }));
    expect(first.ScalableTargets!.map((t) => t.ResourceId)).toEqual([rid("aas-a"), rid("aas-b")]);
    expect(first.NextToken).toBeDefined();
    const second = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ScalableTargets!.map((t) => t.ResourceId)).toEqual([rid("aas-c")]);
    expect(second.NextToken).toBeUndefined();
    await expectAwsError(
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, ResourceIds: [rid("aas-a")], NextToken: first.NextToken })),
      "InvalidNextTokenException",
      "Invalid NextToken.",
    );
    await expectAwsError(aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, NextToken: "garbage" })), "InvalidNextTokenException", "Invalid NextToken.");
    await expectAwsError(
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS, MaxResults: 51 })),
      "ValidationException",
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });
});

describe("PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy", () => {
  it("puts the notebook's GPUUtilization policy, with AWS's policy ARN and its two target-tracking alarms", async () => {
    const out = await aas.send(
      new PutScalingPolicyCommand({ ...target("aas-a"), PolicyName: "GPUUtil-ScalingPolicy", PolicyType: "TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration: GPU_POLICY("aas-a") }),
    );
    const resource = escape(rid("aas-a"));
    expect(out.PolicyARN).toMatch(
      new RegExp(`^arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:${UUID}:resource/sagemaker/${resource}:policyName/GPUUtil-ScalingPolicy$`),
    );
    expect(out.Alarms).toHaveLength(2);
    const [high, low] = out.Alarms!;
    expect(high!.AlarmName).toMatch(new RegExp(`^TargetTracking-${resource}-AlarmHigh-${UUID}$`));
    expect(low!.AlarmName).toMatch(new RegExp(`^TargetTracking-${resource}-AlarmLow-${UUID}$`));
    expect(high!.AlarmARN).toBe(`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${high!.AlarmName}`);

    const { ScalingPolicies } = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a") }));
    expect(ScalingPolicies).toHaveLength(1);
    expect(ScalingPolicies![0]).toMatchObject({
      PolicyARN: out.PolicyARN,
      PolicyName: "GPUUtil-ScalingPolicy",
      ...target("aas-a"),
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: GPU_POLICY("aas-a"),
      Alarms: out.Alarms,
    });
  });

  it("updates a policy in place: same ARN and alarms, the new configuration", async () => {
    const put = (targetValue: number) =>
      aas.send(
        new PutScalingPolicyCommand({
          ...target("aas-b"),
          PolicyName: "Invocations",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: targetValue,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          },
        }),
      );
    const first = await put(70);
    const second = await put(90);
    expect(second).toMatchObject({ PolicyARN: first.PolicyARN, Alarms: first.Alarms });
    const { ScalingPolicies } = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, ResourceId: rid("aas-b") }));
    expect(ScalingPolicies!.map((p) => p.TargetTrackingScalingPolicyConfiguration?.TargetValue)).toEqual([90]);
  });

  it("refuses step scaling in words, and what the engine cannot track", async () => {
    const put = (extra: object) => aas.send(new PutScalingPolicyCommand({ ...target("aas-a"), PolicyName: "p", ...extra }));
    await expectAwsError(
      put({ PolicyType: "StepScaling", StepScalingPolicyConfiguration: { AdjustmentType: "ChangeInCapacity", StepAdjustments: [{ ScalingAdjustment: 1 }] } }),
      "ValidationException",
      /^The local engine supports TargetTrackingScaling policies only: StepScaling needs CloudWatch alarms/,
    );
    const tt = (config: object) => put({ PolicyType: "TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration: { TargetValue: 5, ...config } });
    await expectAwsError(
      tt({ PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" } }),
      "ValidationException",
      /^The local engine tracks the predefined metric SageMakerVariantInvocationsPerInstance for SageMaker variants, not ECSServiceAverageCPUUtilization/,
    );
    await expectAwsError(tt({}), "ValidationException", "Specify exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification.");
    await expectAwsError(
      tt({ CustomizedMetricSpecification: { Metrics: [{ Id: "m", Expression: "a*2" }] } }),
      "ValidationException",
      /does not evaluate metric math/,
    );
    await expectAwsError(tt({ CustomizedMetricSpecification: { MetricName: "GPUUtilization" } }), "ValidationException", /needs MetricName, Namespace and Statistic/);
    await expectAwsError(put({ PolicyType: "TargetTrackingScaling" }), "ValidationException", /TargetTrackingScalingPolicyConfiguration is required/);
    // The metric-query form with one MetricStat is served.
    const ok = await tt({
      CustomizedMetricSpecification: {
        Metrics: [{ Id: "cpu", MetricStat: { Metric: { Namespace: "/aws/sagemaker/Endpoints", MetricName: "CPUUtilization" }, Stat: "Average" } }],
      },
    });
    expect(ok.PolicyARN).toMatch(/:policyName\/p$/);
    await aas.send(new DeleteScalingPolicyCommand({ ...target("aas-a"), PolicyName: "p" }));
  });

  it("answers ObjectNotFoundException for a target that is not registered and a policy that does not exist", async () => {
    await expectAwsError(
      aas.send(new PutScalingPolicyCommand({ ...target("aas-gone"), PolicyName: "p", PolicyType: "TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration: GPU_POLICY("aas-gone") })),
      "ObjectNotFoundException",
      "No scalable target registered for service namespace: sagemaker, resource ID: endpoint/aas-gone/variant/AllTraffic, scalable dimension: sagemaker:variant:DesiredInstanceCount",
    );
    await expectAwsError(
      aas.send(new DeleteScalingPolicyCommand({ ...target("aas-a"), PolicyName: "absent" })),
      "ObjectNotFoundException",
      "No scaling policy found for service namespace: sagemaker, resource ID: endpoint/aas-a/variant/AllTraffic, " +
        "scalable dimension: sagemaker:variant:DesiredInstanceCount, policy name: absent",
    );
  });

  it("pages policies ten at a time by default, and filters by name", async () => {
    for (let i = 0; i < 12; i++) {
      await aas.send(
        new PutScalingPolicyCommand({ ...target("aas-c"), PolicyName: `p${i}`, PolicyType: "TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration: GPU_POLICY("aas-c") }),
      );
    }
    const first = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, ResourceId: rid("aas-c") }));
    expect(first.ScalingPolicies).toHaveLength(10);
    const names: string[] = [];
    for await (const page of paginateDescribeScalingPolicies({ client: aas, pageSize: 5 }, { ServiceNamespace: NS, ResourceId: rid("aas-c") })) {
      names.push(...page.ScalingPolicies!.map((p) => p.PolicyName!));
    }
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`));
    const picked = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, PolicyNames: ["p3", "p11", "nope"] }));
    expect(picked.ScalingPolicies!.map((p) => p.PolicyName)).toEqual(["p3", "p11"]);
    await expectAwsError(
      aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, MaxResults: 11 })),
      "ValidationException",
      /Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10$/,
    );
  });
});

describe("PutScheduledAction, DescribeScheduledActions, DeleteScheduledAction", () => {
  const put = (name: string, extra: object) =>
    aas.send(new PutScheduledActionCommand({ ...target("aas-a"), ScheduledActionName: name, ...extra }));
  const describeActions = (names?: string[]) =>
    aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a"), ScheduledActionNames: names })).then((o) => o.ScheduledActions ?? []);

  it("takes at(), rate() and cron() schedules with a time zone and times, and AWS's ARN", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const end = new Date("2030-12-31T00:00:00Z");
    await put("once", { Schedule: "at(2030-06-01T08:00:00)", Timezone: "Europe/Paris", ScalableTargetAction: { MinCapacity: 2 } });
    await put("every-hour", { Schedule: "rate(1 hour)", ScalableTargetAction: { MaxCapacity: 4 } });
    await put("weekdays", { Schedule: "cron(0 8 ? * MON-FRI *)", StartTime: start, EndTime: end, ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 5 } });
    const actions = await describeActions();
    expect(actions.map((a) => a.ScheduledActionName)).toEqual(["once", "every-hour", "weekdays"]);
    expect(actions[0]).toMatchObject({ ...target("aas-a"), Schedule: "at(2030-06-01T08:00:00)", Timezone: "Europe/Paris", ScalableTargetAction: { MinCapacity: 2 } });
    expect(actions[0]!.ScheduledActionARN).toMatch(
      new RegExp(`^arn:aws:autoscaling:us-east-1:${ACCOUNT}:scheduledAction:${UUID}:resource/sagemaker/${escape(rid("aas-a"))}:scheduledActionName/once$`),
    );
    expect(actions[2]).toMatchObject({ StartTime: start, EndTime: end });
    expect(actions[2]!.CreationTime).toBeInstanceOf(Date);
  });

  it("updates only what is given, except the start and end times, which go when left out", async () => {
    await put("weekdays", { ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 5 } });
    const [a] = await describeActions(["weekdays"]);
    expect(a).toMatchObject({ Schedule: "cron(0 8 ? * MON-FRI *)", ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 5 } });
    expect(a!.StartTime).toBeUndefined();
    expect(a!.EndTime).toBeUndefined();
  });

  it("refuses malformed schedules, unknown time zones and impossible capacities", async () => {
    const action = { ScalableTargetAction: { MinCapacity: 1 } };
    for (const [schedule, why] of [
      ["at(2030-02-30T08:00:00)", /at\(\) must name a real date/],
      ["at(2030-02-01 08:00)", /at\(\) takes a date and time/],
      ["rate(0 minutes)", /rate\(\) takes a positive whole number/],
      ["rate(5 weeks)", /rate\(\) takes a positive whole number/],
      ["cron(0 8 * * *)", /cron\(\) takes six fields/],
      ["cron(0 8 * * MON *)", /\? in exactly one of day-of-month and day-of-week/],
      ["cron(61 8 ? * MON *)", /minutes field "61" is not valid/],
      ["every day", /a schedule is at\(/],
    ] as const) {
      await expectAwsError(put("bad", { Schedule: schedule, ...action }), "ValidationException", why);
    }
    await expectAwsError(put("bad", { Schedule: "rate(5 minutes)", Timezone: "Mars/Olympus", ...action }), "ValidationException", 'Timezone "Mars/Olympus" is not a known IANA time zone.');
    await expectAwsError(put("bad", { Schedule: "rate(5 minutes)", ScalableTargetAction: {} }), "ValidationException", "ScalableTargetAction needs MinCapacity, MaxCapacity or both.");
    await expectAwsError(
      put("bad", { Schedule: "rate(5 minutes)", ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 2 } }),
      "ValidationException",
      /^Minimum capacity cannot be greater than maximum capacity/,
    );
    await expectAwsError(put("bad", { ...action }), "ValidationException", "Schedule is required when creating a scheduled action.");
    await expectAwsError(
      put("bad:name", { Schedule: "rate(5 minutes)", ...action }),
      "ValidationException",
      /^1 validation error detected: Value 'bad:name' at 'scheduledActionName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    expect((await describeActions()).map((a) => a.ScheduledActionName)).not.toContain("bad");
  });

  it("deletes, and answers ObjectNotFoundException for what is not there", async () => {
    await aas.send(new DeleteScheduledActionCommand({ ...target("aas-a"), ScheduledActionName: "every-hour" }));
    expect((await describeActions()).map((a) => a.ScheduledActionName)).toEqual(["once", "weekdays"]);
    await expectAwsError(
      aas.send(new DeleteScheduledActionCommand({ ...target("aas-a"), ScheduledActionName: "every-hour" })),
      "ObjectNotFoundException",
      "No scheduled action found for service namespace: sagemaker, resource ID: endpoint/aas-a/variant/AllTraffic, " +
        "scalable dimension: sagemaker:variant:DesiredInstanceCount, scheduled action name: every-hour",
    );
    await expectAwsError(
      aas.send(new PutScheduledActionCommand({ ...target("aas-gone"), ScheduledActionName: "x", Schedule: "rate(1 day)", ScalableTargetAction: { MinCapacity: 1 } })),
      "ObjectNotFoundException",
      /^No scalable target registered for service namespace: sagemaker, resource ID: endpoint\/aas-gone\/variant\/AllTraffic/,
    );
  });

  it("pages scheduled actions", async () => {
    const first = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a"), MaxResults: 1 }));
    const second = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a"), MaxResults: 1, NextToken: first.NextToken }));
    expect([...first.ScheduledActions!, ...second.ScheduledActions!].map((a) => a.ScheduledActionName)).toEqual(["once", "weekdays"]);
    expect(second.NextToken).toBeUndefined();
  });
});

describe("deregistering", () => {
  it("deletes the target's policies and scheduled actions with it; a second time is ObjectNotFoundException", async () => {
    await aas.send(new DeregisterScalableTargetCommand(target("aas-a")));
    expect(await describeTargets([rid("aas-a")])).toEqual([]);
    const policies = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a") }));
    expect(policies.ScalingPolicies).toEqual([]);
    const actions = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NS, ResourceId: rid("aas-a") }));
    expect(actions.ScheduledActions).toEqual([]);
    await expectAwsError(
      aas.send(new DeregisterScalableTargetCommand(target("aas-a"))),
      "ObjectNotFoundException",
      "No scalable target found for service namespace: sagemaker, resource ID: endpoint/aas-a/variant/AllTraffic, scalable dimension: sagemaker:variant:DesiredInstanceCount",
    );
  });

  it("happens when SageMaker deletes the endpoint", async () => {
    await register("aas-gone", 1, 2);
    await c.sm.send(new DeleteEndpointCommand({ EndpointName: "aas-gone" }));
    await waitFor(() => describeTargets([rid("aas-gone")]), (targets) => targets.length === 0, 10_000);
  });
});

describe("DescribeScalingActivities and the wire", () => {
  it("lists no activities for a target the scaler has not acted on, in AWS's shape", async () => {
    const out = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: NS, ResourceId: rid("aas-c"), ScalableDimension: DIM }));
    expect(out.ScalingActivities).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  it("answers an operation it does not serve with UnknownOperationException", async () => {
    const res = await signedFetch(engine.url, {
      service: "application-autoscaling",
      target: "AnyScaleFrontendService.GetPredictiveScalingForecast",
      contentType: "application/x-amz-json-1.1",
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: "UnknownOperationException",
      message: "The local engine does not serve the operation AnyScaleFrontendService.GetPredictiveScalingForecast.",
    });
  });
});
