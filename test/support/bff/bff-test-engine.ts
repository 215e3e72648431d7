import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateEndpointCommand, DescribeEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { startEngine } from "@/server/engine/start-engine";

export type BffTestEngine = {
  url: string;
  /** SDK clients for arranging what the use-cases under test then read (never the use-cases themselves). */
  sm: SageMakerClient;
  s3: S3Client;
  cw: CloudWatchClient;
  /** A MultiModel endpoint (model `name`, config `<name>-c`, one ml.g5.xlarge) serving `modelDataUrl`; returns once it is created, not InService. */
  createMmeEndpoint(name: string, modelDataUrl: string): Promise<void>;
  /** Waits for InService through the test's own client (which nothing under test counts). */
  waitInService(name: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A real engine in-process over a fresh temporary folder, with the BFF pointed at it (the
 * client factory reads MME_ENGINE_URL, the console's own store MME_CONSOLE_DATA_DIR): BFF tests
 * drive their use-cases against it over HTTP. `bucket` is created first (an MME endpoint fails
 * to deploy without its model data bucket, as on SageMaker).
 */
export async function startBffTestEngine(opts: { bucket: string; transitionMs?: number }): Promise<BffTestEngine> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-bff-"));
  const engine = await startEngine({ port: 0, dataDir: path.join(tmp, "engine"), config: { transitionMs: opts.transitionMs ?? 100 } });
  process.env.MME_ENGINE_URL = engine.url;
  process.env.MME_CONSOLE_DATA_DIR = path.join(tmp, "console");
  const common = {
    region: LOCAL_ENGINE_DEFAULTS.region,
    endpoint: engine.url,
    credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey },
  };
  const clients = { sm: new SageMakerClient(common), s3: new S3Client({ ...common, forcePathStyle: true }), cw: new CloudWatchClient(common) };
  await clients.s3.send(new CreateBucketCommand({ Bucket: opts.bucket }));
  return {
    url: engine.url,
    ...clients,
    async createMmeEndpoint(name, modelDataUrl) {
      await clients.sm.send(
        new CreateModelCommand({
          ModelName: name,
          ExecutionRoleArn: "arn:aws:iam::000000000000:role/R",
          PrimaryContainer: { Image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3", Mode: "MultiModel", ModelDataUrl: modelDataUrl },
        }),
      );
      await clients.sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-c`,
          ProductionVariants: [{ VariantName: "AllTraffic", ModelName: name, InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
        }),
      );
      await clients.sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-c` }));
    },
    async waitInService(name) {
      for (let i = 0; i < 400; i++) {
        if ((await clients.sm.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus === "InService") return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`${name} never reached InService`);
    },
    async close() {
      for (const c of Object.values(clients)) c.destroy();
      await engine.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
