import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
  waitUntilEndpointInService,
  type ProductionVariantInstanceType,
} from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { defaultTritonImage } from "@/lib/triton-images";
import { TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "./start-test-engine";

export const FIXTURES_DIR = join(process.cwd(), "fixtures/models");

export function fixturePackage(name: string): Buffer {
  return readFileSync(join(FIXTURES_DIR, `${name}.tar.gz`));
}

export function fixtureReference<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.reference.json`), "utf8")) as T;
}

/** The three SDK clients the runtime tests drive the engine with, as a user would. */
export function sdkClients(engine: TestEngine) {
  const common = { endpoint: engine.url, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sm: new SageMakerClient(common),
    runtime: new SageMakerRuntimeClient(common),
    destroy() {
      this.s3.destroy();
      this.sm.destroy();
      this.runtime.destroy();
    },
  };
}

export type Clients = ReturnType<typeof sdkClients>;

/**
 * An InService endpoint through the SageMaker API: a model (MultiModel on `s3://bucket/prefix/`
 * unless `modelDataUrl` and `mode` say otherwise), a config, the endpoint. The bucket must exist.
 */
export async function createEndpoint(
  c: Clients,
  name: string,
  opts: { bucket: string; prefix?: string; instanceType?: string; instanceCount?: number; mode?: "MultiModel" | "SingleModel"; modelDataUrl?: string },
): Promise<void> {
  const image = defaultTritonImage(TEST_CONFIG.region)!;
  const mode = opts.mode ?? "MultiModel";
  const modelDataUrl = opts.modelDataUrl ?? `s3://${opts.bucket}/${opts.prefix ?? `${name}/`}`;
  await c.sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: image, Mode: mode, ModelDataUrl: modelDataUrl } }));
  await c.sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${name}-cfg`,
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: name, InstanceType: (opts.instanceType ?? "ml.g5.xlarge") as ProductionVariantInstanceType, InitialInstanceCount: opts.instanceCount ?? 1 },
      ],
    }),
  );
  await c.sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-cfg` }));
  await waitUntilEndpointInService({ client: c.sm, maxWaitTime: 30, minDelay: 1 }, { EndpointName: name });
}

export async function createBucket(c: Clients, bucket: string): Promise<void> {
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

export async function putObject(c: Clients, bucket: string, key: string, body: Uint8Array): Promise<void> {
  await c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}
