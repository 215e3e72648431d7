import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  ListTagsCommand,
  SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  waitUntilEndpointInService,
  type DescribeEndpointCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

const TRITON = defaultTritonImage("us-east-1")!;
// Long enough for a few calls to observe Creating, Updating and Deleting on a busy machine.
const TRANSITION_MS = 500;
const arnOf = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:000000000000:${type}/${name}`;

let engine: TestEngine;
let sm: SageMakerClient;

beforeAll(async () => {
  engine = await startTestEngine({ config: { transitionMs: TRANSITION_MS } });
  sm = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  // MultiModel endpoints deploy only when their model data bucket exists in the engine's S3.
  const s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: "mme-models" }));
  s3.destroy();
  await sm.send(new CreateModelCommand({ ModelName: "mme", PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://mme-models/p/" } }));
  await sm.send(new CreateModelCommand({ ModelName: "mme-v2", PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://mme-models/v2/" } }));
  await sm.send(new CreateModelCommand({ ModelName: "no-bucket", PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://absent-bucket/models/" } }));
  await sm.send(new CreateModelCommand({ ModelName: "custom", PrimaryContainer: { Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-server:1" } }));
  for (const [name, model, count] of [
    ["cfg-a", "mme", 1],
    ["cfg-b", "mme-v2", 2],
    ["cfg-custom", "custom", 1],
    ["cfg-no-bucket", "no-bucket", 1],
  ] as const) {
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: model, InstanceType: "ml.g5.2xlarge", InitialInstanceCount: count }],
      }),
    );
  }
});
afterAll(async () => {
  sm?.destroy();
  await engine?.cleanup();
});

const describeEp = (name: string) => sm.send(new DescribeEndpointCommand({ EndpointName: name }));
const untilStatus = (name: string, status: string) =>
  waitFor(() => describeEp(name), (d: DescribeEndpointCommandOutput) => d.EndpointStatus === status);
const create = (name: string, config = "cfg-a") => sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));

describe("CreateEndpoint and the Creating → InService lifecycle", () => {
  it("creates an endpoint that is Creating, then InService, with AWS's DescribeEndpoint shape", async () => {
    const out = await sm.send(new CreateEndpointCommand({ EndpointName: "Life", EndpointConfigName: "cfg-a", Tags: [{ Key: "app", Value: "mme" }] }));
    expect(out.EndpointArn).toBe(arnOf("endpoint", "life"));

    const creating = await describeEp("life");
    expect(creating.EndpointStatus).toBe("Creating");
    expect(creating.EndpointName).toBe("Life");
    expect(creating.EndpointConfigName).toBe("cfg-a");
    expect(creating.ProductionVariants).toBeUndefined();

    await waitUntilEndpointInService({ client: sm, maxWaitTime: 10, minDelay: 1 }, { EndpointName: "Life" });
    const d = await describeEp("Life");
    expect(d.EndpointStatus).toBe("InService");
    expect(d.FailureReason).toBeUndefined();
    expect(d.LastModifiedTime!.getTime() - d.CreationTime!.getTime()).toBeGreaterThanOrEqual(TRANSITION_MS);
    expect(d.ProductionVariants).toHaveLength(1);
    const v = d.ProductionVariants![0]!;
    expect(v).toEqual({
      VariantName: "AllTraffic",
      DeployedImages: [
        {
          SpecifiedImage: TRITON,
          ResolvedImage: expect.stringMatching(/^785573368785\.dkr\.ecr\.us-east-1\.amazonaws\.com\/sagemaker-tritonserver@sha256:[0-9a-f]{64}$/),
          ResolutionTime: expect.any(Date),
        },
      ],
      CurrentWeight: 1,
      DesiredWeight: 1,
      CurrentInstanceCount: 1,
      DesiredInstanceCount: 1,
    });
    expect(v).not.toHaveProperty("InstanceType"); // not part of ProductionVariantSummary on AWS
    expect((await sm.send(new ListTagsCommand({ ResourceArn: out.EndpointArn }))).Tags).toEqual([{ Key: "app", Value: "mme" }]);
  });

  it("refuses a duplicate endpoint and a missing configuration", async () => {
    await expectAwsError(create("life"), "ValidationException", `Cannot create already existing endpoint "${arnOf("endpoint", "life")}".`);
    await expectAwsError(create("orphan", "no-such-config"), "ValidationException", `Could not find endpoint configuration "${arnOf("endpoint-config", "no-such-config")}".`);
  });

  it("says a missing endpoint could not be found", async () => {
    const message = `Could not find endpoint "${arnOf("endpoint", "ghost")}".`;
    await expectAwsError(describeEp("ghost"), "ValidationException", message);
    await expectAwsError(sm.send(new DeleteEndpointCommand({ EndpointName: "ghost" })), "ValidationException", message);
    await expectAwsError(sm.send(new UpdateEndpointCommand({ EndpointName: "ghost", EndpointConfigName: "cfg-b" })), "ValidationException", message);
  });

  it("fails a MultiModel endpoint whose model data bucket does not exist in S3, with AWS's FailureReason", async () => {
    await create("no-bucket-ep", "cfg-no-bucket");
    expect((await describeEp("no-bucket-ep")).EndpointStatus).toBe("Creating");
    const d = await untilStatus("no-bucket-ep", "Failed");
    expect(d.FailureReason).toBe(
      'Failed to download model data for container "container_1" from URL: "s3://absent-bucket/models/". ' +
        "Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.",
    );
    expect(d.ProductionVariants).toBeUndefined();
  });

  it("fails an endpoint whose image the engine cannot run, with AWS's FailureReason", async () => {
    await create("custom-ep", "cfg-custom");
    const d = await untilStatus("custom-ep", "Failed");
    expect(d.FailureReason).toBe(
      "Please make sure all images included in the model for the production variant AllTraffic exist, " +
        "and that the execution role used to create the model has permissions to access them.",
    );
    expect(d.ProductionVariants).toBeUndefined();
    await expectAwsError(
      sm.send(new UpdateEndpointCommand({ EndpointName: "custom-ep", EndpointConfigName: "cfg-a" })),
      "ValidationException",
      `Cannot update failed endpoint "${arnOf("endpoint", "custom-ep")}".`,
    );
    await sm.send(new DeleteEndpointCommand({ EndpointName: "custom-ep" })); // a Failed endpoint can be deleted
    await waitFor(
      () => describeEp("custom-ep").then(() => "present", () => "gone"),
      (s) => s === "gone",
    );
  });

  it("keeps serving after its configuration and model are deleted", async () => {
    await sm.send(new CreateModelCommand({ ModelName: "ephemeral", PrimaryContainer: { Image: TRITON } }));
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "cfg-ephemeral",
        ProductionVariants: [{ VariantName: "v1", ModelName: "ephemeral", InstanceType: "ml.m5.large", InitialInstanceCount: 1 }],
      }),
    );
    await create("sturdy", "cfg-ephemeral");
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: "cfg-ephemeral" }));
    await sm.send(new DeleteModelCommand({ ModelName: "ephemeral" }));
    const d = await untilStatus("sturdy", "InService");
    expect(d.EndpointConfigName).toBe("cfg-ephemeral");
  });
});

describe("changes while an endpoint is in progress", () => {
  it("refuses UpdateEndpoint and DeleteEndpoint while Creating", async () => {
    await create("busy");
    const arn = arnOf("endpoint", "busy");
    await expectAwsError(sm.send(new UpdateEndpointCommand({ EndpointName: "busy", EndpointConfigName: "cfg-b" })), "ValidationException", `Cannot update in-progress endpoint "${arn}".`);
    await expectAwsError(sm.send(new DeleteEndpointCommand({ EndpointName: "busy" })), "ValidationException", `Cannot update in-progress endpoint "${arn}".`);
    await untilStatus("busy", "InService");
  });
});

describe("UpdateEndpoint", () => {
  it("goes Updating → InService and switches to the new configuration", async () => {
    await create("upd");
    await untilStatus("upd", "InService");
    await sm.send(new UpdateEndpointCommand({ EndpointName: "upd", EndpointConfigName: "cfg-b" }));

    const updating = await describeEp("upd");
    expect(updating.EndpointStatus).toBe("Updating");
    expect(updating.EndpointConfigName).toBe("cfg-a"); // the old deployment serves until the new one is up
    expect(updating.ProductionVariants![0]!.CurrentInstanceCount).toBe(1);
    expect(updating.PendingDeploymentSummary).toMatchObject({
      EndpointConfigName: "cfg-b",
      ProductionVariants: [{ VariantName: "AllTraffic", DesiredInstanceCount: 2, InstanceType: "ml.g5.2xlarge", VariantStatus: [{ Status: "Creating" }] }],
    });
    await expectAwsError(
      sm.send(new UpdateEndpointCommand({ EndpointName: "upd", EndpointConfigName: "cfg-a" })),
      "ValidationException",
      `Cannot update in-progress endpoint "${arnOf("endpoint", "upd")}".`,
    );

    const done = await untilStatus("upd", "InService");
    expect(done.EndpointConfigName).toBe("cfg-b");
    expect(done.PendingDeploymentSummary).toBeUndefined();
    expect(done.ProductionVariants![0]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 2 });
  });

  it("refuses the configuration the endpoint already uses, and a missing one", async () => {
    await expectAwsError(
      sm.send(new UpdateEndpointCommand({ EndpointName: "upd", EndpointConfigName: "cfg-b" })),
      "ValidationException",
      /^Cannot update endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint\/upd" with the endpoint configuration it already uses/,
    );
    await expectAwsError(
      sm.send(new UpdateEndpointCommand({ EndpointName: "upd", EndpointConfigName: "nope" })),
      "ValidationException",
      `Could not find endpoint configuration "${arnOf("endpoint-config", "nope")}".`,
    );
  });

  it("retains variant properties when asked", async () => {
    await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: "upd", DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount: 3 }] }),
    );
    await untilStatus("upd", "InService");
    await sm.send(new UpdateEndpointCommand({ EndpointName: "upd", EndpointConfigName: "cfg-a", RetainAllVariantProperties: true }));
    const d = await untilStatus("upd", "InService");
    expect(d.EndpointConfigName).toBe("cfg-a");
    expect(d.ProductionVariants![0]).toMatchObject({ DesiredInstanceCount: 3, CurrentInstanceCount: 3 });
  });

  it("rolls back to the old deployment when the new one cannot start", async () => {
    await create("rollback");
    await untilStatus("rollback", "InService");
    await sm.send(new UpdateEndpointCommand({ EndpointName: "rollback", EndpointConfigName: "cfg-custom" }));
    const d = await waitFor(() => describeEp("rollback"), (x) => x.EndpointStatus === "InService" && x.FailureReason !== undefined);
    expect(d.EndpointConfigName).toBe("cfg-a");
    expect(d.FailureReason).toMatch(/^Please make sure all images included in the model for the production variant AllTraffic exist/);
  });
});

describe("UpdateEndpointWeightsAndCapacities", () => {
  it("changes the desired instance count, then the current one", async () => {
    await create("scale");
    await untilStatus("scale", "InService");
    const out = await sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "scale",
        DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount: 4, DesiredWeight: 2 }],
      }),
    );
    expect(out.EndpointArn).toBe(arnOf("endpoint", "scale"));
    const updating = await describeEp("scale");
    expect(updating.EndpointStatus).toBe("Updating");
    expect(updating.ProductionVariants![0]).toMatchObject({ CurrentInstanceCount: 1, DesiredInstanceCount: 4, CurrentWeight: 1, DesiredWeight: 2 });
    const done = await untilStatus("scale", "InService");
    expect(done.ProductionVariants![0]).toMatchObject({ CurrentInstanceCount: 4, DesiredInstanceCount: 4, CurrentWeight: 2 });
  });

  it("refuses a variant the endpoint does not have", async () => {
    await expectAwsError(
      sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: "scale", DesiredWeightsAndCapacities: [{ VariantName: "Other", DesiredInstanceCount: 1 }] })),
      "ValidationException",
      `The variant name(s) [Other] is/are not present in the endpoint "${arnOf("endpoint", "scale")}".`,
    );
  });
});

describe("DeleteEndpoint", () => {
  it("shows Deleting, then the endpoint is gone", async () => {
    await create("doomed");
    await untilStatus("doomed", "InService");
    await sm.send(new DeleteEndpointCommand({ EndpointName: "doomed" }));
    expect((await describeEp("doomed")).EndpointStatus).toBe("Deleting");
    await expectAwsError(sm.send(new DeleteEndpointCommand({ EndpointName: "doomed" })), "ValidationException", `Cannot update in-progress endpoint "${arnOf("endpoint", "doomed")}".`);
    await waitFor(
      () => describeEp("doomed").then(() => "present", (e: Error) => e.message),
      (s) => s === `Could not find endpoint "${arnOf("endpoint", "doomed")}".`,
    );
    await create("doomed"); // the name is free again
  });
});
