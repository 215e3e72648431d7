import { describe, expect, it } from "vitest";
import { createEndpointInput, isTransitional } from "./endpoint";

const valid = {
  name: "team-a-mme",
  instanceType: "ml.g5.xlarge",
  instanceCount: 2,
  modelDataUrl: "s3://bucket/models/",
  executionRoleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
  image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
};

describe("createEndpointInput", () => {
  it("accepts a well-formed MME", () => {
    expect(createEndpointInput.parse(valid)).toEqual(valid);
  });

  it.each([
    ["name", "-starts-with-hyphen"],
    ["name", "has_underscore"],
    ["name", "x".repeat(64)],
    ["instanceType", "ml.nope.xlarge"],
    ["instanceCount", 0],
    ["instanceCount", 1.5],
    ["modelDataUrl", "s3://bucket/model.tar.gz"],
    ["modelDataUrl", "https://bucket/models/"],
    ["executionRoleArn", "arn:aws:iam::123:role/x"],
    ["image", ""],
  ])("refuses %s = %j with a message on that field", (field, value) => {
    const r = createEndpointInput.safeParse({ ...valid, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([field]);
  });

  it("tells transitional statuses from settled ones", () => {
    expect(["Creating", "Updating", "Deleting"].every(isTransitional)).toBe(true);
    expect(["InService", "Failed", "OutOfService", undefined].some(isTransitional)).toBe(false);
  });
});
