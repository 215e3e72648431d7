import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  paginateListModels,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, waitFor, type TestEngine } from "@/test/support/engine/start-test-engine";

const TRITON = defaultTritonImage("us-east-1")!;
const NAMES = ["page-c", "page-a", "page-e", "page-b", "page-d"]; // creation order differs from name order

let engine: TestEngine;
let sm: SageMakerClient;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Long enough that "ep-new" is still Creating while the test lists it.
  engine = await startTestEngine({ config: { transitionMs: 1000 } });
  sm = new SageMakerClient({ endpoint: engine.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  for (const name of NAMES) {
    await sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: TRITON } }));
    await pause(3); // distinct creation times
  }
  await sm.send(new CreateModelCommand({ ModelName: "other", PrimaryContainer: { Image: TRITON } }));
});
afterAll(async () => {
  sm?.destroy();
  await engine?.cleanup();
});

const names = (models: { ModelName?: string }[] | undefined) => (models ?? []).map((m) => m.ModelName);

describe("ListModels paging, filters and sorting", () => {
  it("pages newest first with an opaque NextToken", async () => {
    const p1 = await sm.send(new ListModelsCommand({ NameContains: "page", MaxResults: 2 }));
    expect(names(p1.Models)).toEqual(["page-d", "page-b"]);
    expect(p1.NextToken).toEqual(expect.any(String));
    const p2 = await sm.send(new ListModelsCommand({ NameContains: "page", MaxResults: 2, NextToken: p1.NextToken }));
    expect(names(p2.Models)).toEqual(["page-e", "page-a"]);
    const p3 = await sm.send(new ListModelsCommand({ NameContains: "page", MaxResults: 2, NextToken: p2.NextToken }));
    expect(names(p3.Models)).toEqual(["page-c"]);
    expect(p3.NextToken).toBeUndefined();
  });

  it("keeps its place when items are deleted between pages", async () => {
    await sm.send(new CreateModelCommand({ ModelName: "temp-1", PrimaryContainer: { Image: TRITON } }));
    await pause(3);
    await sm.send(new CreateModelCommand({ ModelName: "temp-2", PrimaryContainer: { Image: TRITON } }));
    await pause(3);
    await sm.send(new CreateModelCommand({ ModelName: "temp-3", PrimaryContainer: { Image: TRITON } }));
    const p1 = await sm.send(new ListModelsCommand({ NameContains: "temp", MaxResults: 1 }));
    expect(names(p1.Models)).toEqual(["temp-3"]);
    await sm.send(new DeleteModelCommand({ ModelName: "temp-2" }));
    const p2 = await sm.send(new ListModelsCommand({ NameContains: "temp", MaxResults: 1, NextToken: p1.NextToken }));
    expect(names(p2.Models)).toEqual(["temp-1"]);
  });

  it("works with the SDK's paginator", async () => {
    const all: string[] = [];
    for await (const page of paginateListModels({ client: sm, pageSize: 2 }, { NameContains: "PAGE" })) all.push(...(names(page.Models) as string[]));
    expect(all).toEqual(["page-d", "page-b", "page-e", "page-a", "page-c"]);
  });

  it("sorts by name either way", async () => {
    const asc = await sm.send(new ListModelsCommand({ NameContains: "page", SortBy: "Name", SortOrder: "Ascending" }));
    expect(names(asc.Models)).toEqual(["page-a", "page-b", "page-c", "page-d", "page-e"]);
    const desc = await sm.send(new ListModelsCommand({ NameContains: "page", SortBy: "Name" }));
    expect(names(desc.Models)).toEqual(["page-e", "page-d", "page-c", "page-b", "page-a"]);
    const oldest = await sm.send(new ListModelsCommand({ NameContains: "page", SortOrder: "Ascending", MaxResults: 1 }));
    expect(names(oldest.Models)).toEqual(["page-c"]);
  });

  it("filters by creation time, exclusively", async () => {
    const a = (await sm.send(new DescribeModelCommand({ ModelName: "page-a" }))).CreationTime!;
    const b = (await sm.send(new DescribeModelCommand({ ModelName: "page-b" }))).CreationTime!;
    const between = await sm.send(new ListModelsCommand({ NameContains: "page", CreationTimeAfter: a, CreationTimeBefore: b }));
    expect(names(between.Models)).toEqual(["page-e"]);
  });

  it("refuses a token it did not issue, or one from another sort order", async () => {
    await expectAwsError(sm.send(new ListModelsCommand({ NextToken: "not-a-token" })), "ValidationException", "Invalid pagination token");
    const p1 = await sm.send(new ListModelsCommand({ MaxResults: 1 }));
    await expectAwsError(sm.send(new ListModelsCommand({ MaxResults: 1, SortBy: "Name", NextToken: p1.NextToken })), "ValidationException", "Invalid pagination token");
  });

  it("checks MaxResults, NameContains and SortBy against the service model", async () => {
    await expectAwsError(
      sm.send(new ListModelsCommand({ MaxResults: 0 })),
      "ValidationException",
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectAwsError(
      sm.send(new ListModelsCommand({ MaxResults: 101 })),
      "ValidationException",
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    await expectAwsError(
      sm.send(new ListModelsCommand({ NameContains: "a_b" })),
      "ValidationException",
      "1 validation error detected: Value 'a_b' at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-]+",
    );
    await expectAwsError(
      sm.send(new ListModelsCommand({ SortBy: "Status" as never })),
      "ValidationException",
      "1 validation error detected: Value 'Status' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]",
    );
  });
});

describe("ListEndpoints", () => {
  it("filters by status and last-modified time, and sorts by status", async () => {
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "cfg",
        ProductionVariants: [{ VariantName: "v", ModelName: "other", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
      }),
    );
    await sm.send(new CreateEndpointCommand({ EndpointName: "ep-old", EndpointConfigName: "cfg" }));
    const settled = await waitFor(
      () => sm.send(new DescribeEndpointCommand({ EndpointName: "ep-old" })),
      (d) => d.EndpointStatus === "InService",
    );
    await pause(3);
    await sm.send(new CreateEndpointCommand({ EndpointName: "ep-new", EndpointConfigName: "cfg" }));

    const creating = await sm.send(new ListEndpointsCommand({ StatusEquals: "Creating" }));
    expect(creating.Endpoints?.map((e) => e.EndpointName)).toEqual(["ep-new"]);
    expect(creating.Endpoints![0]).toEqual({
      EndpointName: "ep-new",
      EndpointArn: "arn:aws:sagemaker:us-east-1:000000000000:endpoint/ep-new",
      CreationTime: expect.any(Date),
      LastModifiedTime: expect.any(Date),
      EndpointStatus: "Creating",
    });
    const inService = await sm.send(new ListEndpointsCommand({ StatusEquals: "InService" }));
    expect(inService.Endpoints?.map((e) => e.EndpointName)).toEqual(["ep-old"]);

    const byStatus = await sm.send(new ListEndpointsCommand({ SortBy: "Status", SortOrder: "Ascending" }));
    expect(byStatus.Endpoints?.map((e) => e.EndpointStatus)).toEqual(["Creating", "InService"]);

    const modifiedAfter = await sm.send(new ListEndpointsCommand({ LastModifiedTimeAfter: settled.LastModifiedTime }));
    expect(modifiedAfter.Endpoints?.map((e) => e.EndpointName)).toEqual(["ep-new"]);
    const modifiedBefore = await sm.send(new ListEndpointsCommand({ LastModifiedTimeBefore: new Date(settled.LastModifiedTime!.getTime() + 1) }));
    expect(modifiedBefore.Endpoints?.map((e) => e.EndpointName)).toEqual(["ep-old"]);

    await expectAwsError(
      sm.send(new ListEndpointsCommand({ StatusEquals: "Running" as never })),
      "ValidationException",
      /^1 validation error detected: Value 'Running' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: \[OutOfService, Creating, /,
    );
  });
});
