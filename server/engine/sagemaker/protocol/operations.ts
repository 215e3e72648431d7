import type { SageMakerBackend } from "../backend/sagemaker-backend";

/**
 * The awsJson1_1 operations the engine serves (`X-Amz-Target: SageMaker.<name>`), each bound to
 * its backend method. Inputs arrive already checked against `INPUT_SHAPES`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs are validated against INPUT_SHAPES first
type Operation = (backend: SageMakerBackend, input: any) => unknown;

export const OPERATIONS: Record<string, Operation> = {
  CreateModel: (b, i) => b.createModel(i),
  DescribeModel: (b, i) => b.describeModel(i),
  ListModels: (b, i) => b.listModels(i),
  DeleteModel: (b, i) => b.deleteModel(i),
  CreateEndpointConfig: (b, i) => b.createEndpointConfig(i),
  DescribeEndpointConfig: (b, i) => b.describeEndpointConfig(i),
  ListEndpointConfigs: (b, i) => b.listEndpointConfigs(i),
  DeleteEndpointConfig: (b, i) => b.deleteEndpointConfig(i),
  CreateEndpoint: (b, i) => b.createEndpoint(i),
  DescribeEndpoint: (b, i) => b.describeEndpoint(i),
  ListEndpoints: (b, i) => b.listEndpoints(i),
  UpdateEndpoint: (b, i) => b.updateEndpoint(i),
  UpdateEndpointWeightsAndCapacities: (b, i) => b.updateEndpointWeightsAndCapacities(i),
  DeleteEndpoint: (b, i) => b.deleteEndpoint(i),
  AddTags: (b, i) => b.addTags(i),
  DeleteTags: (b, i) => b.deleteTags(i),
  ListTags: (b, i) => b.listTags(i),
};
