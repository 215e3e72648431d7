import "server-only";
import { defaultTritonImage } from "@/lib/triton-images";
import { backendConfig } from "@/server/aws/client-factory";

/** What the create form needs to know about this deployment, computed on the server. */
export function consoleSettings() {
  const { kind, region } = backendConfig();
  // Locally any role in the engine's account does; on AWS there is no sensible guess, so none is offered.
  const localRole = `arn:aws:iam::${process.env.MME_ENGINE_ACCOUNT_ID ?? "000000000000"}:role/SageMakerExecutionRole`;
  return {
    backend: kind,
    region,
    defaultImage: defaultTritonImage(region) ?? "",
    defaultRoleArn: process.env.MME_DEFAULT_EXECUTION_ROLE_ARN ?? (kind === "local" ? localRole : ""),
    defaultModelDataPrefix: process.env.MME_DEFAULT_MODEL_PREFIX ?? "s3://mme-models/",
  };
}

