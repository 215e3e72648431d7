import "server-only";
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpointConfigs,
} from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { consoleConfigPrefix, isConsoleConfigName } from "@/server/bff/endpoints/config-names";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { forgetConfigName } from "@/server/bff/shared/endpoint-config-name-cache";
import { recordRequested } from "@/server/console-store/endpoint-events";

/**
 * Deletes an endpoint. With deleteResources, also the endpoint configs this console made for it
 * (named by newConfigName) and the model of the same name the create form made; resources of
 * other names may serve other endpoints and are left alone.
 */
export async function deleteEndpoint(name: string, deleteResources: boolean, actor?: string): Promise<{ deleted: string[] }> {
  const sm = sagemakerClient();
  const ep = await describeEndpointOrNotFound(name);
  await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
  forgetConfigName(name);
  recordRequested(name, "DeleteEndpoint", deleteResources ? "with its configs and model" : undefined, actor);
  const deleted = [`endpoint/${name}`];
  if (!deleteResources) return { deleted };

  const configNames = new Set<string>();
  for await (const page of paginateListEndpointConfigs({ client: sm, pageSize: 100 }, { NameContains: consoleConfigPrefix(name) })) {
    for (const c of page.EndpointConfigs ?? []) if (isConsoleConfigName(name, c.EndpointConfigName!)) configNames.add(c.EndpointConfigName!);
  }
  const current = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: ep.EndpointConfigName })).catch(() => undefined);
  const usesOwnModel = (current?.ProductionVariants ?? []).some((v) => v.ModelName === name);
  for (const c of configNames) {
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: c })).then(
      () => deleted.push(`endpoint-config/${c}`),
      (e) => console.error("[delete-endpoint] config", c, e),
    );
  }
  if (usesOwnModel) {
    await sm.send(new DeleteModelCommand({ ModelName: name })).then(
      () => deleted.push(`model/${name}`),
      (e) => console.error("[delete-endpoint] model", name, e),
    );
  }
  return { deleted };
}
