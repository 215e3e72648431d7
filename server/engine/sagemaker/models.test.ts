import {
  AddTagsCommand,
  CreateModelCommand,
  DeleteModelCommand,
  DeleteTagsCommand,
  DescribeModelCommand,
  ListModelsCommand,
  ListTagsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

const TRITON = defaultTritonImage("us-east-1")!;
const ROLE = "arn:aws:iam::000000000000:role/MmeExecution";
const arn = (name: string) => `arn:aws:sagemaker:us-east-1:000000000000:model/${name}`;

let engine: TestEngine;
let sm: SageMakerClient;

beforeAll(async () => {
  engine = await startTestEngine();
  sm = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  sm?.destroy();
  await engine?.cleanup();
});

const mmeModel = (name: string, extra: Record<string, unknown> = {}) =>
  new CreateModelCommand({
    ModelName: name,
    ExecutionRoleArn: ROLE,
    PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://models/resnet/" },
    ...extra,
  });

describe("CreateModel / DescribeModel / DeleteModel", () => {
  it("creates a multi-model model and describes it as AWS does", async () => {
    const before = Date.now();
    const created = await sm.send(mmeModel("Resnet-MME", { Tags: [{ Key: "team", Value: "vision" }] }));
    expect(created.ModelArn).toBe(arn("resnet-mme")); // SageMaker lowercases names in ARNs

    const d = await sm.send(new DescribeModelCommand({ ModelName: "Resnet-MME" }));
    expect(d.ModelName).toBe("Resnet-MME");
    expect(d.ModelArn).toBe(arn("resnet-mme"));
    expect(d.PrimaryContainer).toEqual({ Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://models/resnet/" });
    expect(d.ExecutionRoleArn).toBe(ROLE);
    expect(d.EnableNetworkIsolation).toBe(false);
    expect(d.CreationTime).toBeInstanceOf(Date);
    expect(d.CreationTime!.getTime()).toBeGreaterThanOrEqual(before - 1);

    const tags = await sm.send(new ListTagsCommand({ ResourceArn: created.ModelArn }));
    expect(tags.Tags).toEqual([{ Key: "team", Value: "vision" }]);
  });

  it("defaults Mode to SingleModel and keeps the environment", async () => {
    await sm.send(
      new CreateModelCommand({
        ModelName: "single",
        PrimaryContainer: { Image: TRITON, ModelDataUrl: "s3://models/one/model.tar.gz", Environment: { A: "1" } },
      }),
    );
    const d = await sm.send(new DescribeModelCommand({ ModelName: "SINGLE" })); // names are case-insensitive
    expect(d.PrimaryContainer?.Mode).toBe("SingleModel");
    expect(d.PrimaryContainer?.Environment).toEqual({ A: "1" });
  });

  it("refuses a duplicate name, whatever its case", async () => {
    await sm.send(mmeModel("dup"));
    await expectAwsError(sm.send(mmeModel("DUP")), "ValidationException", `Cannot create already existing model "${arn("dup")}".`);
  });

  it("says a missing model could not be found", async () => {
    await expectAwsError(sm.send(new DescribeModelCommand({ ModelName: "ghost" })), "ValidationException", `Could not find model "${arn("ghost")}".`);
    await expectAwsError(sm.send(new DeleteModelCommand({ ModelName: "ghost" })), "ValidationException", `Could not find model "${arn("ghost")}".`);
  });

  it("deletes a model and its tags", async () => {
    await sm.send(mmeModel("to-delete", { Tags: [{ Key: "k", Value: "v" }] }));
    await sm.send(new DeleteModelCommand({ ModelName: "to-delete" }));
    await expectAwsError(sm.send(new DescribeModelCommand({ ModelName: "to-delete" })), "ValidationException", /^Could not find model/);
    await sm.send(mmeModel("to-delete"));
    expect((await sm.send(new ListTagsCommand({ ResourceArn: arn("to-delete") }))).Tags).toEqual([]);
  });
});

describe("CreateModel input validation", () => {
  it("checks the name against AWS's pattern", async () => {
    await expectAwsError(
      sm.send(mmeModel("bad_name")),
      "ValidationException",
      "1 validation error detected: Value 'bad_name' at 'modelName' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    );
  });

  it("reports every violated constraint of a too-long name", async () => {
    const long = "a".repeat(64);
    await expectAwsError(
      sm.send(mmeModel(long)),
      "ValidationException",
      `2 validation errors detected: Value '${long}' at 'modelName' failed to satisfy constraint: Member must have length less than or equal to 63; ` +
        `Value '${long}' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
    );
  });

  it("requires the model name", async () => {
    await expectAwsError(
      sm.send(new CreateModelCommand({ PrimaryContainer: { Image: TRITON } } as never)),
      "ValidationException",
      "1 validation error detected: Value null at 'modelName' failed to satisfy constraint: Member must not be null",
    );
  });

  it("checks nested members with their AWS path", async () => {
    await expectAwsError(
      sm.send(mmeModel("bad-role", { ExecutionRoleArn: "arn:aws:iam::123:user/someone" })),
      "ValidationException",
      "1 validation error detected: Value 'arn:aws:iam::123:user/someone' at 'executionRoleArn' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$",
    );
    await expectAwsError(
      sm.send(new CreateModelCommand({ ModelName: "bad-mode", PrimaryContainer: { Image: TRITON, Mode: "Many" as never } })),
      "ValidationException",
      "1 validation error detected: Value 'Many' at 'primaryContainer.mode' failed to satisfy constraint: Member must satisfy enum value set: [SingleModel, MultiModel]",
    );
  });

  it("needs a container", async () => {
    await expectAwsError(sm.send(new CreateModelCommand({ ModelName: "no-container" })), "ValidationException", "Either PrimaryContainer or Containers must be specified.");
  });

  it("allows one container only in MultiModel mode", async () => {
    const c = { Image: TRITON, Mode: "MultiModel" as const, ModelDataUrl: "s3://b/p/" };
    await expectAwsError(
      sm.send(new CreateModelCommand({ ModelName: "pipeline", Containers: [c, c] })),
      "ValidationException",
      "More than one container in MultiModel mode is not supported with inference pipeline.",
    );
  });

  it("requires MultiModel data to be an S3 prefix", async () => {
    const withUrl = (name: string, ModelDataUrl?: string) =>
      sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl } }));
    await expectAwsError(
      withUrl("archive", "s3://models/resnet/v1.tar.gz"),
      "ValidationException",
      'Invalid ModelDataUrl "s3://models/resnet/v1.tar.gz" for a container in MultiModel mode: it must be an S3 prefix (for example s3://bucket/models/), not a single model archive.',
    );
    await expectAwsError(withUrl("no-slash", "s3://models/resnet"), "ValidationException", /ending with a slash\.$/);
    await expectAwsError(withUrl("https", "https://example.com/models/"), "ValidationException", /^Invalid ModelDataUrl "https:/);
    await expectAwsError(withUrl("missing"), "ValidationException", "ModelDataUrl must be specified for a container in MultiModel mode.");
    await sm.send(new CreateModelCommand({ ModelName: "bucket-root", PrimaryContainer: { Image: TRITON, Mode: "MultiModel", ModelDataUrl: "s3://models/" } }));
  });
});

describe("ListModels", () => {
  it("lists models newest first with their ARN and creation time", async () => {
    const { Models } = await sm.send(new ListModelsCommand({ MaxResults: 100 }));
    expect(Models!.length).toBeGreaterThan(2);
    const times = Models!.map((m) => m.CreationTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Models!.find((m) => m.ModelName === "Resnet-MME")).toEqual({
      ModelName: "Resnet-MME",
      ModelArn: arn("resnet-mme"),
      CreationTime: expect.any(Date),
    });
  });
});

describe("AddTags / ListTags / DeleteTags", () => {
  it("adds, overwrites, lists and deletes tags", async () => {
    await sm.send(mmeModel("tagged", { Tags: [{ Key: "a", Value: "1" }] }));
    await sm.send(new AddTagsCommand({ ResourceArn: arn("tagged"), Tags: [{ Key: "b", Value: "2" }, { Key: "a", Value: "3" }] }));
    expect((await sm.send(new ListTagsCommand({ ResourceArn: arn("tagged") }))).Tags).toEqual([
      { Key: "a", Value: "3" },
      { Key: "b", Value: "2" },
    ]);
    await sm.send(new DeleteTagsCommand({ ResourceArn: arn("tagged"), TagKeys: ["a"] }));
    expect((await sm.send(new ListTagsCommand({ ResourceArn: arn("tagged") }))).Tags).toEqual([{ Key: "b", Value: "2" }]);
  });

  it("refuses tags on a resource that does not exist", async () => {
    await expectAwsError(
      sm.send(new AddTagsCommand({ ResourceArn: arn("nothing"), Tags: [{ Key: "a", Value: "1" }] })),
      "ValidationException",
      `Resource "${arn("nothing")}" does not exist.`,
    );
  });
});
