import type { ModelConfig } from "@/lib/triton/model-config";
import type { LoadedModel } from "../../backends/model-backend";
import type { ResidentModel } from "../../cache/model-source";

/** A loaded Triton model as an instance holds it: what the backend loaded, and the config it checks requests against. */
export type TritonModel = ResidentModel & {
  /** The name SageMaker's Triton registers it under, the target model (not config.pbtxt's `name`): reported as `model_name`. */
  readonly modelName: string;
  /** The version Triton serves: the highest the version policy loads. */
  readonly version: number;
  readonly config: ModelConfig;
  infer: LoadedModel["infer"];
};
