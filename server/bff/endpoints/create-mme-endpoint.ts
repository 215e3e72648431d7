import "server-only";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
} from "@aws-sdk/client-sagemaker";
import type { CreateEndpointInput } from "@/lib/schemas/endpoint";
import { sagemakerClient } from "@/server/aws/client-factory";
import { newConfigName } from "@/server/bff/endpoints/config-names";
import { forgetConfigName } from "@/server/bff/shared/endpoint-config-name-cache";
import { recordRequested } from "@/server/console-store/endpoint-events";

export const MME_VARIANT_NAME = "AllTraffic";

/**
 * Builds a whole multi-model endpoint in one step: a model in MultiModel mode over the S3 prefix,
 * an endpoint config with one variant, and the endpoint. If a later step fails, the earlier ones
 * are deleted again so that a failed create leaves nothing behind.
 */
export async function createMmeEndpoint(input: CreateEndpointInput, actor?: string): Promise<{ name: string; arn: string }> {
  const sm = sagemakerClient();
  const modelName = input.name;
  const configName = newConfigName(input.name);
  const undo: (() => Promise<unknown>)[] = [];
  try {
    await sm.send(
      new CreateModelCommand({
        ModelName: modelName,
        ExecutionRoleArn: input.executionRoleArn,
        PrimaryContainer: { Image: input.image, Mode: "MultiModel", ModelDataUrl: input.modelDataUrl },
      }),
    );
    undo.push(() => sm.send(new DeleteModelCommand({ ModelName: modelName })));
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: configName,
        ProductionVariants: [
          {
            VariantName: MME_VARIANT_NAME,
            ModelName: modelName,
            InstanceType: input.instanceType as never,
            InitialInstanceCount: input.instanceCount,
            InitialVariantWeight: 1,
          },
        ],
      }),
    );
    undo.push(() => sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: configName })));
    const out = await sm.send(new CreateEndpointCommand({ EndpointName: input.name, EndpointConfigName: configName }));
    // A config name cached for an earlier endpoint of this name (deleted elsewhere) is not this one's.
    forgetConfigName(input.name);
    recordRequested(input.name, "CreateEndpoint", `${input.instanceCount} × ${input.instanceType}, config ${configName}`, actor);
    return { name: input.name, arn: out.EndpointArn! };
  } catch (e) {
    for (const step of undo.reverse()) await step().catch((cleanup) => console.error("[create-endpoint] cleanup failed", cleanup));
    throw e;
  }
}
