import fs from "node:fs";
import { S3Client } from "@aws-sdk/client-s3";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_ENGINE_DEFAULTS } from "../../lib/local-engine-defaults";
import { defaultTritonImage } from "../../lib/triton-images";
import { seedDemoModels } from "./seed-demo-models";
import { sendDemoTraffic } from "./send-demo-traffic";

export const DEMO_ENDPOINT = "demo-mme";

/**
 * Gives a newcomer a working endpoint with models to invoke on first start, made through the SDKs
 * like any client would, and (in the background) a first few invocations for the charts.
 * A marker file records that it ran, so a demo the user deleted does not come back.
 */
export async function seedDemo(opts: { engineUrl: string; markerFile: string; env: Record<string, string | undefined> }): Promise<void> {
  if (fs.existsSync(opts.markerFile)) return;
  const region = opts.env.MME_ENGINE_REGION ?? LOCAL_ENGINE_DEFAULTS.region;
  const account = opts.env.MME_ENGINE_ACCOUNT_ID ?? LOCAL_ENGINE_DEFAULTS.accountId;
  const credentials = {
    accessKeyId: opts.env.MME_ENGINE_ACCESS_KEY_ID ?? LOCAL_ENGINE_DEFAULTS.accessKeyId,
    secretAccessKey: opts.env.MME_ENGINE_SECRET_ACCESS_KEY ?? LOCAL_ENGINE_DEFAULTS.secretAccessKey,
  };
  const sm = new SageMakerClient({ region, endpoint: opts.engineUrl, credentials });
  const s3 = new S3Client({ region, endpoint: opts.engineUrl, credentials, forcePathStyle: true });
  await seedDemoModels(s3, "mme-demo", "models/");
  await sm.send(
    new CreateModelCommand({
      ModelName: DEMO_ENDPOINT,
      ExecutionRoleArn: `arn:aws:iam::${account}:role/SageMakerExecutionRole`,
      PrimaryContainer: { Image: defaultTritonImage(region), Mode: "MultiModel", ModelDataUrl: "s3://mme-demo/models/" },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${DEMO_ENDPOINT}-config`,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: DEMO_ENDPOINT, InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1, InitialVariantWeight: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: DEMO_ENDPOINT, EndpointConfigName: `${DEMO_ENDPOINT}-config` }));
  fs.writeFileSync(opts.markerFile, new Date().toISOString());
  console.log(`[stack] seeded demo endpoint "${DEMO_ENDPOINT}" with models onnx-add, xgboost-binary, lightgbm-binary`);
  const runtime = new SageMakerRuntimeClient({ region, endpoint: opts.engineUrl, credentials });
  void sendDemoTraffic({ sm, runtime, endpointName: DEMO_ENDPOINT })
    .catch((err: unknown) => console.error("[stack] demo invocations failed:", err instanceof Error ? err.message : err))
    .finally(() => {
      runtime.destroy();
      sm.destroy();
    });
}
