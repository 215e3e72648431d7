import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createBucket, createEndpoint, sdkClients } from "@/test/support/engine/mme-endpoint";
import { makeDataDir, startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";
import { openEngineDb } from "../engine-db";
import { createAutoScalingService } from "./create-autoscaling-service";

/**
 * Application Auto Scaling's state lives in engine.db: targets, policies, scheduled actions and the
 * scaler's activities are all there after the engine stops and starts again on the same data dir.
 */
const NS = "sagemaker";
const DIM = "sagemaker:variant:DesiredInstanceCount";
const RID = "endpoint/kept/variant/AllTraffic";
const KEY = { ServiceNamespace: NS, ResourceId: RID, ScalableDimension: DIM } as const;

const dataDir = makeDataDir();
let engine: TestEngine | undefined;
afterAll(async () => {
  await engine?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (e: TestEngine) =>
  new ApplicationAutoScalingClient({ endpoint: e.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** Everything DescribeX shows for the one target. */
async function snapshot(aas: ApplicationAutoScalingClient) {
  const targets = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: NS }));
  const policies = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: NS, ResourceId: RID }));
  const actions = await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: NS, ResourceId: RID }));
  return { targets: targets.ScalableTargets, policies: policies.ScalingPolicies, actions: actions.ScheduledActions };
}

describe("Application Auto Scaling across a restart", () => {
  it("keeps targets, policies, scheduled actions and activities", async () => {
    engine = await startTestEngine({ dataDir });
    const c = sdkClients(engine);
    let aas = client(engine);
    await createBucket(c, "kept-models");
    await createEndpoint(c, "kept", { bucket: "kept-models" });
    c.destroy();
    await aas.send(new RegisterScalableTargetCommand({ ...KEY, MinCapacity: 1, MaxCapacity: 5 }));
    await aas.send(
      new PutScalingPolicyCommand({
        ...KEY,
        PolicyName: "Invocations",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" } },
      }),
    );
    await aas.send(new PutScheduledActionCommand({ ...KEY, ScheduledActionName: "night", Schedule: "cron(0 22 * * ? *)", ScalableTargetAction: { MaxCapacity: 2 } }));
    const before = await snapshot(aas);
    aas.destroy();
    await engine.close();
    engine = undefined;

    // What the scaler writes, through the backend's own API, while no engine holds the data dir.
    const db = openEngineDb(dataDir);
    const { backend } = createAutoScalingService({ db, region: TEST_CONFIG.region, accountId: TEST_CONFIG.accountId, findEndpoint: () => undefined });
    const ids: string[] = [];
    for (const count of [2, 3, 4]) {
      const id = backend.startActivity({ resourceId: RID, description: `Setting desired instance count to ${count}.`, cause: `test ${count}` });
      ids.push(id);
      if (count < 4) backend.endActivity(id, { statusCode: "Successful", statusMessage: `Successfully set desired instance count to ${count}.` });
    }
    db.close();

    engine = await startTestEngine({ dataDir });
    aas = client(engine);
    const after = await snapshot(aas);
    expect(after).toEqual(before);
    expect(after.targets).toHaveLength(1);
    expect(after.policies).toHaveLength(1);
    expect(after.actions).toHaveLength(1);

    // Newest first, two to a page.
    const first = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: NS, ResourceId: RID, MaxResults: 2 }));
    const second = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: NS, ResourceId: RID, MaxResults: 2, NextToken: first.NextToken }));
    const activities = [...first.ScalingActivities!, ...second.ScalingActivities!];
    expect(second.NextToken).toBeUndefined();
    expect(activities.map((a) => a.ActivityId)).toEqual([...ids].reverse());
    expect(activities[0]).toMatchObject({
      ...KEY,
      Description: "Setting desired instance count to 4.",
      Cause: "test 4",
      StatusCode: "InProgress",
    });
    expect(activities[0]!.EndTime).toBeUndefined();
    expect(activities[1]).toMatchObject({ StatusCode: "Successful", StatusMessage: "Successfully set desired instance count to 3." });
    expect(activities[1]!.EndTime).toBeInstanceOf(Date);
    expect(activities[1]!.StartTime).toBeInstanceOf(Date);
    aas.destroy();
  });
});
