import "server-only";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { readBackendConfig, type BackendConfig } from "@/server/aws/backend-config";

let cached: { config: BackendConfig; sagemaker?: SageMakerClient } | undefined;

function state() {
  cached ??= { config: readBackendConfig() };
  return cached;
}

export function backendConfig(): BackendConfig {
  return state().config;
}

/** Options every SDK client shares: the local engine gets its endpoint and keys, AWS the default chain. */
function clientOptions() {
  const config = state().config;
  return config.kind === "local"
    ? { region: config.region, endpoint: config.endpoint, credentials: config.credentials, maxAttempts: 2 }
    : { region: config.region };
}

/** The one SageMaker control-plane client of this process. */
export function sagemakerClient(): SageMakerClient {
  const s = state();
  s.sagemaker ??= new SageMakerClient(clientOptions());
  return s.sagemaker;
}
