import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAwsCli, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { createBucket, createEndpoint, sdkClients } from "@/test/support/engine/mme-endpoint";
import { startTestEngine, TEST_CONFIG, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * Application Auto Scaling through the real AWS CLI (botocore signs as `application-autoscaling`,
 * serializes awsJson 1.1 and parses the answers): the notebook's calls (cell 42 of
 * resnet50_mme_with_gpu.ipynb) as a shell user would make them, and an error as the CLI prints it.
 * Outside CI these tests skip without `aws`; in CI they fail without it.
 */
const RID = "endpoint/cli-ep/variant/AllTraffic";
const TARGET = ["--service-namespace", "sagemaker", "--resource-id", RID, "--scalable-dimension", "sagemaker:variant:DesiredInstanceCount"];

let engine: TestEngine;
const aws = async (args: string[]) => {
  const out = await runAwsCli(engine.url, ["application-autoscaling", ...args, "--output", "json"]);
  return { ...out, json: out.code === 0 && out.stdout.trim() ? (JSON.parse(out.stdout) as Record<string, unknown>) : undefined };
};

describe.skipIf(SKIP_AWS_CLI)("aws application-autoscaling", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    const c = sdkClients(engine);
    await createBucket(c, "cli-models");
    await createEndpoint(c, "cli-ep", { bucket: "cli-models" });
    c.destroy();
  });
  afterAll(async () => {
    await engine?.cleanup();
  });

  it("registers the variant and reads it back", async () => {
    const reg = await aws(["register-scalable-target", ...TARGET, "--min-capacity", "1", "--max-capacity", "5"]);
    expect(reg.code, reg.stderr).toBe(0);
    expect(reg.json!.ScalableTargetARN).toMatch(new RegExp(`^arn:aws:application-autoscaling:us-east-1:${TEST_CONFIG.accountId}:scalable-target/`));
    const described = await aws(["describe-scalable-targets", "--service-namespace", "sagemaker", "--resource-ids", RID]);
    expect(described.code, described.stderr).toBe(0);
    const [target] = described.json!.ScalableTargets as Record<string, unknown>[];
    expect(target).toMatchObject({ ResourceId: RID, MinCapacity: 1, MaxCapacity: 5, ScalableTargetARN: reg.json!.ScalableTargetARN });
    // awsJson sends epoch seconds; CLI v1 prints them as it parsed them (a number, or ISO 8601 when configured).
    const created = typeof target!.CreationTime === "number" ? target!.CreationTime * 1000 : Date.parse(String(target!.CreationTime));
    expect(Math.abs(created - Date.now()), String(target!.CreationTime)).toBeLessThan(10 * 60_000);
  });

  it("puts the notebook's GPUUtilization target-tracking policy from a JSON file argument", async () => {
    const config = {
      TargetValue: 60.0,
      CustomizedMetricSpecification: {
        MetricName: "GPUUtilization",
        Namespace: "/aws/sagemaker/Endpoints",
        Dimensions: [
          { Name: "EndpointName", Value: "cli-ep" },
          { Name: "VariantName", Value: "AllTraffic" },
        ],
        Statistic: "Average",
        Unit: "Percent",
      },
      ScaleInCooldown: 600,
      ScaleOutCooldown: 200,
    };
    const put = await aws([
      "put-scaling-policy",
      ...TARGET,
      "--policy-name",
      "GPUUtil-ScalingPolicy",
      "--policy-type",
      "TargetTrackingScaling",
      "--target-tracking-scaling-policy-configuration",
      JSON.stringify(config),
    ]);
    expect(put.code, put.stderr).toBe(0);
    expect(put.json!.PolicyARN).toMatch(/:resource\/sagemaker\/endpoint\/cli-ep\/variant\/AllTraffic:policyName\/GPUUtil-ScalingPolicy$/);
    expect((put.json!.Alarms as { AlarmName: string }[]).map((a) => a.AlarmName.replace(/-[0-9a-f-]{36}$/, ""))).toEqual([
      `TargetTracking-${RID}-AlarmHigh`,
      `TargetTracking-${RID}-AlarmLow`,
    ]);
    const described = await aws(["describe-scaling-policies", "--service-namespace", "sagemaker", "--resource-id", RID]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.json!.ScalingPolicies).toEqual([expect.objectContaining({ PolicyName: "GPUUtil-ScalingPolicy", TargetTrackingScalingPolicyConfiguration: config })]);
  });

  it("puts, lists and deletes a scheduled action", async () => {
    const put = await aws([
      "put-scheduled-action",
      ...TARGET,
      "--scheduled-action-name",
      "mornings",
      "--schedule",
      "cron(0 7 ? * MON-FRI *)",
      "--timezone",
      "Europe/Berlin",
      "--scalable-target-action",
      "MinCapacity=2,MaxCapacity=5",
    ]);
    expect(put.code, put.stderr).toBe(0);
    const listed = await aws(["describe-scheduled-actions", "--service-namespace", "sagemaker", "--resource-id", RID]);
    expect(listed.json!.ScheduledActions).toEqual([
      expect.objectContaining({ ScheduledActionName: "mornings", Schedule: "cron(0 7 ? * MON-FRI *)", Timezone: "Europe/Berlin", ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 5 } }),
    ]);
    const del = await aws(["delete-scheduled-action", ...TARGET, "--scheduled-action-name", "mornings"]);
    expect(del.code, del.stderr).toBe(0);
  });

  it("prints AWS's error for what is not there, and the scaling activities list", async () => {
    const missing = await aws(["delete-scaling-policy", ...TARGET, "--policy-name", "absent"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(
      "An error occurred (ObjectNotFoundException) when calling the DeleteScalingPolicy operation: No scaling policy found for service namespace: sagemaker, " +
        `resource ID: ${RID}, scalable dimension: sagemaker:variant:DesiredInstanceCount, policy name: absent`,
    );
    const activities = await aws(["describe-scaling-activities", "--service-namespace", "sagemaker", "--resource-id", RID]);
    expect(activities.code, activities.stderr).toBe(0);
    expect(Array.isArray(activities.json!.ScalingActivities)).toBe(true);
  });

  it("deregisters the target with its policies", async () => {
    const dereg = await aws(["deregister-scalable-target", ...TARGET]);
    expect(dereg.code, dereg.stderr).toBe(0);
    const policies = await aws(["describe-scaling-policies", "--service-namespace", "sagemaker", "--resource-id", RID]);
    expect(policies.json!.ScalingPolicies).toEqual([]);
  });
});
