import "server-only";
import {
  CreateEndpointConfigCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointConfigCommand,
  UpdateEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { newConfigName } from "@/server/bff/endpoints/config-names";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { forgetConfigName } from "@/server/bff/shared/endpoint-config-name-cache";
import { recordRequested } from "@/server/console-store/endpoint-events";
import { ApiError } from "@/server/route/api-error";

/**
 * Changes how many instances an endpoint runs, the way SageMaker wants it: a new endpoint config
 * that copies the current one with the new count, then UpdateEndpoint onto it. Answers the count it
 * ran before (the first variant's current count, else its config's), for the audit log.
 */
export async function updateInstanceCount(
  name: string,
  instanceCount: number,
  actor?: string,
): Promise<{ endpointConfigName: string; instanceCount: number; previousInstanceCount?: number }> {
  const sm = sagemakerClient();
  const ep = await describeEndpointOrNotFound(name);
  if (ep.EndpointStatus !== "InService") {
    throw new ApiError("conflict", `Endpoint "${name}" is ${ep.EndpointStatus}; its instance count can change only while it is InService`);
  }
  const current = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: ep.EndpointConfigName }));
  const previousInstanceCount = ep.ProductionVariants?.[0]?.CurrentInstanceCount ?? current.ProductionVariants?.[0]?.InitialInstanceCount;
  const configName = newConfigName(name);
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: configName,
      ProductionVariants: (current.ProductionVariants ?? []).map((v) => ({ ...v, InitialInstanceCount: instanceCount })),
      DataCaptureConfig: current.DataCaptureConfig,
      KmsKeyId: current.KmsKeyId,
    }),
  );
  try {
    await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: configName }));
  } catch (e) {
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: configName })).catch(() => undefined);
    throw e;
  }
  // The endpoint moves to the new config: the next lookup describes it again.
  forgetConfigName(name);
  recordRequested(name, "UpdateEndpoint", `instance count → ${instanceCount}, config ${configName}`, actor);
  return { endpointConfigName: configName, instanceCount, previousInstanceCount };
}
