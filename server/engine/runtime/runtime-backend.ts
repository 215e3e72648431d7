import type { ModelCache } from "../cache/model-cache";
import { InstanceGoneError, InsufficientCapacityError, ModelNotReadyError } from "../cache/cache-errors";
import { ModelInputError, ModelLoadError } from "../backends/model-backend";
import type { EndpointRecord } from "../sagemaker/backend/types";
import { V2FormatError } from "@/lib/v2/v2-format-error";
import { resolveTarget, type InvocationTarget } from "./resolve-target";
import { modelError, modelNotReady, targetModelNotFound, type ModelErrorContext } from "./runtime-errors";
import { runInference } from "./run-inference";
import { ModelDataNotFoundError, TritonPackageSource, type ModelDataReader } from "./triton-package-source";
import type { TritonModel } from "./triton-model";

export type InvokeInput = {
  requestId: string;
  endpointName: string;
  body: Uint8Array;
  contentType?: string;
  accept?: string;
  customAttributes?: string;
  targetModel?: string;
  targetVariant?: string;
};

export type InvokeOutput = {
  body: Uint8Array;
  contentType: string;
  invokedVariant: string;
  customAttributes?: string;
  /** Local only: whether the model was already loaded on the instance that served it. */
  cache: "hit" | "miss";
};

export type RuntimeBackendOptions = {
  sagemaker: { findEndpoint(name: string): EndpointRecord | undefined };
  modelData: ModelDataReader;
  cache: ModelCache<TritonModel>;
  region: string;
  accountId: string;
  /** How long a request waits for its model to load before ModelNotReadyException. */
  loadWaitMs: number;
};

/**
 * SageMaker's runtime (InvokeEndpoint) with no knowledge of HTTP: finds the endpoint and the
 * variant, routes to an instance of its fleet, which holds or loads the target model, runs the
 * request through it, and turns every failure into SageMaker's error for it.
 */
export class RuntimeBackend {
  constructor(private readonly opts: RuntimeBackendOptions) {}

  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    try {
      return await this.invokeOnce(input);
    } catch (err) {
      // The endpoint was updated while the request waited: its new instances take it.
      if (err instanceof InstanceGoneError) return this.invokeOnce(input);
      throw err;
    }
  }

  private async invokeOnce(input: InvokeInput): Promise<InvokeOutput> {
    const target = resolveTarget(this.opts.sagemaker.findEndpoint(input.endpointName), input, this.opts.accountId);
    const v = target.variant;
    const fleet = await this.opts.cache.fleetFor({
      endpointName: target.endpointName,
      variantName: v.variantName,
      instanceType: v.instanceType ?? "",
      instanceCount: v.currentInstanceCount,
    });
    const source = new TritonPackageSource(this.opts.modelData, target.bucket, target.objectKey);
    const { instance, lease } = fleet.acquire(target.cacheKey, source, this.opts.loadWaitMs);
    const ctx: ModelErrorContext = {
      region: this.opts.region,
      account: this.opts.accountId,
      endpointName: target.endpointName,
      variantName: v.variantName,
      instanceId: instance.instanceId,
    };
    const held = await lease.catch((err: unknown) => {
      throw this.loadFailure(err, target, ctx);
    });
    try {
      const out = await runInference(held.model, input.body, input.contentType);
      return {
        body: out.body,
        contentType: out.contentType,
        invokedVariant: v.variantName,
        ...(input.customAttributes !== undefined ? { customAttributes: input.customAttributes } : {}),
        cache: held.hit ? "hit" : "miss",
      };
    } catch (err) {
      if (err instanceof V2FormatError) throw modelError(ctx, 400, err.message);
      if (err instanceof ModelInputError) throw modelError(ctx, err.originalStatusCode, err.message);
      throw err;
    } finally {
      held.release();
    }
  }

  private loadFailure(err: unknown, target: InvocationTarget, ctx: ModelErrorContext): unknown {
    if (err instanceof ModelNotReadyError) return modelNotReady(target.targetModel);
    if (err instanceof ModelDataNotFoundError) return targetModelNotFound(err.bucket, err.key);
    // Triton answers 507 when a model does not fit; SageMaker passes it on as a ModelError.
    if (err instanceof InsufficientCapacityError) return modelError(ctx, 507, `failed to load '${target.targetModel}': ${err.message}`);
    if (err instanceof ModelLoadError) return modelError(ctx, err.originalStatusCode, err.message);
    return err;
  }
}
