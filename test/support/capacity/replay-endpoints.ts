import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
  waitUntilEndpointInService,
  type ProductionVariantInstanceType,
} from "@aws-sdk/client-sagemaker";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { defaultTritonImage } from "@/lib/triton-images";
import { forEachConcurrent } from "@/bench/engine/load-loops";

const BUCKET = "capacity-replay";
const PREFIX = "zipf/";

export type ReplayClients = { s3: S3Client; sm: SageMakerClient; destroy(): void };

/** SDK clients on an engine with the well-known local keys (the test engine and the bench's alike). */
export function replayClients(url: string): ReplayClients {
  const common = {
    endpoint: url,
    region: LOCAL_ENGINE_DEFAULTS.region,
    credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey },
    maxAttempts: 3,
  };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const sm = new SageMakerClient(common);
  return {
    s3,
    sm,
    destroy() {
      s3.destroy();
      sm.destroy();
    },
  };
}

/** The target model of model `id`. */
export const replayKey = (id: number) => `m${String(id).padStart(5, "0")}.tar.gz`;

/**
 * Every model's package under one MME prefix: each size class uploaded once, then copied
 * server-side to each model of that class (10,000 registrations in seconds).
 */
export async function registerReplayModels(c: ReplayClients, classOf: Uint8Array, packages: readonly Uint8Array[]): Promise<void> {
  await c.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (let k = 0; k < packages.length; k++) {
    await c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `src/class-${k}.tar.gz`, Body: packages[k]!, ContentType: "application/gzip" }));
  }
  await forEachConcurrent(classOf.length, 32, async (id) => {
    await c.s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${replayKey(id)}`, CopySource: `${BUCKET}/src/class-${classOf[id]!}.tar.gz` }));
  });
}

/**
 * A MultiModel endpoint over the registered models with `instanceCount` instances, InService.
 * Each endpoint has its own fleet (its own empty caches), so several configurations can be
 * replayed on one engine; the memory of each instance is the engine's MME_ENGINE_INSTANCE_MEMORY_BYTES.
 */
export async function createReplayEndpoint(c: ReplayClients, name: string, instanceType: string, instanceCount: number): Promise<void> {
  const image = defaultTritonImage(LOCAL_ENGINE_DEFAULTS.region);
  if (!image) throw new Error(`no Triton image for ${LOCAL_ENGINE_DEFAULTS.region}`);
  await c.sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: image, Mode: "MultiModel", ModelDataUrl: `s3://${BUCKET}/${PREFIX}` } }));
  await c.sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: name, InstanceType: instanceType as ProductionVariantInstanceType, InitialInstanceCount: instanceCount }],
    }),
  );
  await c.sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
  await waitUntilEndpointInService({ client: c.sm, maxWaitTime: 60, minDelay: 1 }, { EndpointName: name });
}
