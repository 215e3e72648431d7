import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { consoleApi, signInAs } from "../support/auth";
import { AWS_REGION, MOTO_CREDENTIALS } from "../support/aws-moto";
import { createAwsEndpoint, uniqueName } from "../support/aws-endpoints";
import { expect, test } from "../support/aws-fixtures";

/**
 * The Scaling tab against moto, which implements scalable targets, policies and scheduled actions
 * (not scaling activities, nor any scaling itself): what the console sets is read back from moto
 * with the SDK, as AWS would hold it.
 */
test("an admin registers the variant, adds a GPU policy and a scheduled action, and deregisters it; moto holds what the console set", async ({ page, moto }) => {
  test.setTimeout(120_000);
  const aas = new ApplicationAutoScalingClient({ region: AWS_REGION, endpoint: moto.url, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
  const ids = { ServiceNamespace: "sagemaker" as const, ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const };
  await signInAs(page, "admin");
  const name = uniqueName("scaling");
  await createAwsEndpoint(consoleApi(page), name);
  const resourceId = `endpoint/${name}/variant/AllTraffic`;

  await page.goto(`/endpoints/${name}/scaling`);
  await expect(page.getByTestId("target-summary")).toContainText("Not registered");
  await page.getByTestId("target-min").fill("1");
  await page.getByTestId("target-max").fill("4");
  await page.getByTestId("target-save").click();
  await expect(page.getByTestId("target-summary")).toContainText("Scales between 1 and 4 instances");
  const targets = await aas.send(new DescribeScalableTargetsCommand({ ...ids, ResourceIds: [resourceId] }));
  expect(targets.ScalableTargets?.[0]).toMatchObject({ MinCapacity: 1, MaxCapacity: 4 });

  await page.getByTestId("policy-add").click();
  await page.getByTestId("preset-gpu").check();
  await expect(page.getByTestId("policy-name")).toHaveValue("gpu-utilization");
  await page.getByTestId("policy-target").fill("60");
  await page.getByTestId("policy-scale-in").fill("600");
  await page.getByTestId("policy-save").click();
  await expect(page.getByTestId("policy-row")).toContainText("GPU utilization at 60");
  const policies = await aas.send(new DescribeScalingPoliciesCommand({ ...ids, ResourceId: resourceId }));
  expect(policies.ScalingPolicies?.[0]).toMatchObject({
    PolicyName: "gpu-utilization",
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 60,
      ScaleInCooldown: 600,
      CustomizedMetricSpecification: {
        MetricName: "GPUUtilization",
        Namespace: "/aws/sagemaker/Endpoints",
        Statistic: "Average",
        Dimensions: [
          { Name: "EndpointName", Value: name },
          { Name: "VariantName", Value: "AllTraffic" },
        ],
      },
    },
  });

  await page.getByTestId("sa-name").fill("evening");
  await page.getByTestId("sa-schedule").fill("cron(0 20 * * ? *)");
  await page.getByTestId("sa-timezone").fill("Europe/Berlin");
  await page.getByTestId("sa-min").fill("2");
  await page.getByTestId("sa-save").click();
  await expect(page.getByTestId("scheduled-action-row")).toContainText("evening");
  const actions = await aas.send(new DescribeScheduledActionsCommand({ ...ids, ResourceId: resourceId }));
  expect(actions.ScheduledActions?.[0]).toMatchObject({ ScheduledActionName: "evening", Schedule: "cron(0 20 * * ? *)", Timezone: "Europe/Berlin", ScalableTargetAction: { MinCapacity: 2 } });

  // moto lists no activities: the list says why, the rest of the tab works.
  await expect(page.getByTestId("activities-unavailable")).toBeVisible();

  await page.getByTestId("target-deregister").click();
  await page.getByTestId("confirm-button").click();
  await expect(page.getByTestId("target-summary")).toContainText("Not registered");
  expect((await aas.send(new DescribeScalableTargetsCommand({ ...ids, ResourceIds: [resourceId] }))).ScalableTargets ?? []).toEqual([]);
  aas.destroy();
});
