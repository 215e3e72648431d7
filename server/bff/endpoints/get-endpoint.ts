import "server-only";
import { DescribeEndpointConfigCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import type { EndpointDetailView, ModelView } from "@/lib/schemas/endpoint-views";
import { sagemakerClient } from "@/server/aws/client-factory";
import { describeEndpointOrNotFound, isNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { endpointHistory, recordGone, recordObserved } from "@/server/console-store/endpoint-events";
import { ApiError } from "@/server/route/api-error";

/** An endpoint with its current config, the models behind its variants and the console's history of it. */
export async function getEndpoint(name: string): Promise<EndpointDetailView> {
  const sm = sagemakerClient();
  const ep = await describeEndpointOrNotFound(name).catch((e) => {
    if (e instanceof ApiError && e.code === "not_found") recordGone(name);
    throw e;
  });
  recordObserved([{ name, status: ep.EndpointStatus!, reason: ep.FailureReason }]);

  // The config may already be gone (deleted out of band): the endpoint is still worth showing.
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: ep.EndpointConfigName })).catch((e) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });
  const modelNames = [...new Set((config?.ProductionVariants ?? []).map((v) => v.ModelName).filter((n): n is string => !!n))];
  const models = await Promise.all(modelNames.map((m) => describeModelView(m)));

  return {
    name: ep.EndpointName!,
    arn: ep.EndpointArn!,
    status: ep.EndpointStatus!,
    failureReason: ep.FailureReason,
    creationTime: ep.CreationTime!.toISOString(),
    lastModifiedTime: ep.LastModifiedTime!.toISOString(),
    endpointConfigName: ep.EndpointConfigName!,
    variants: (ep.ProductionVariants ?? []).map((v) => {
      const configured = config?.ProductionVariants?.find((c) => c.VariantName === v.VariantName);
      return {
        variantName: v.VariantName!,
        instanceType: configured?.InstanceType,
        currentInstanceCount: v.CurrentInstanceCount,
        desiredInstanceCount: v.DesiredInstanceCount,
        currentWeight: v.CurrentWeight,
        images: (v.DeployedImages ?? []).map((i) => i.ResolvedImage ?? i.SpecifiedImage ?? "").filter(Boolean),
      };
    }),
    models: models.filter((m): m is ModelView => m !== undefined),
    history: endpointHistory(name, ep.CreationTime!),
  };
}

async function describeModelView(name: string): Promise<ModelView | undefined> {
  try {
    const m = await sagemakerClient().send(new DescribeModelCommand({ ModelName: name }));
    const c = m.PrimaryContainer ?? m.Containers?.[0];
    return {
      name: m.ModelName!,
      arn: m.ModelArn!,
      mode: c?.Mode,
      modelDataUrl: c?.ModelDataUrl,
      image: c?.Image,
      executionRoleArn: m.ExecutionRoleArn,
      creationTime: m.CreationTime?.toISOString(),
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
