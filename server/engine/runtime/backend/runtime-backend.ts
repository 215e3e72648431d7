import { AwsError } from "../../aws-error";
import type { EndpointFleet } from "../../cache/endpoint-fleet";
import type { Lease } from "../../cache/model-source";
import type { ModelCache } from "../../cache/model-cache";
import type { InvocationMetrics, InvocationRecord } from "../../metrics/invocation-metrics";
import { InstanceGoneError, InsufficientCapacityError, ModelNotReadyError } from "../../cache/cache-errors";
import { ModelInputError, ModelLoadError } from "../../backends/model-backend";
import type { EndpointRecord } from "../../sagemaker/backend/types";
import { V2FormatError } from "@/lib/v2/v2-format-error";
import { resolveTarget, type InvocationTarget } from "./resolve-target";
import { modelError, modelNotReady, targetModelNotFound, type ModelErrorContext } from "../protocol/runtime-errors";
import { runInference } from "./run-inference";
import { ModelDataNotFoundError, TritonPackageSource, type ModelDataReader } from "./triton-package-source";
import { tritonFailureStatus } from "./triton-status";
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
  metrics?: InvocationMetrics;
};

/** Warming: load `targetModel` on every instance of the endpoint (of `targetVariant` only, when named). */
export type WarmInput = { requestId: string; endpointName: string; targetModel: string; targetVariant?: string };

export type WarmedInstance = {
  variantName: string;
  instanceId: string;
  index: number;
  /** Whether the instance already had it loaded. */
  wasResident: boolean;
  /** How long the instance took to have it loaded (download, extract, load), in ms; about 0 when resident. */
  loadMs: number;
};

export type WarmOutput = { endpointName: string; targetModel: string; instances: WarmedInstance[] };

/** What a request got to before it ended, for its metrics. */
type Progress = {
  started: number;
  endpoint: EndpointRecord | undefined;
  variantName: string | undefined;
  cacheHit: boolean | undefined;
  loadingWaitUs: number | undefined;
  modelLatencyUs: number | undefined;
};

/**
 * SageMaker's runtime (InvokeEndpoint) with no knowledge of HTTP: finds the endpoint and the
 * variant, routes to an instance of its fleet, which holds or loads the target model, runs the
 * request through it, and turns every failure into SageMaker's error for it.
 */
export class RuntimeBackend {
  constructor(private readonly opts: RuntimeBackendOptions) {}

  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    // Every field from the start: adding them one by one as the request advances would change the object's shape each time.
    const progress: Progress = { started: performance.now(), endpoint: undefined, variantName: undefined, cacheHit: undefined, loadingWaitUs: undefined, modelLatencyUs: undefined };
    try {
      let out: InvokeOutput;
      try {
        out = await this.invokeOnce(input, progress);
      } catch (err) {
        // The endpoint was updated while the request waited: its new instances take it.
        if (!(err instanceof InstanceGoneError)) throw err;
        out = await this.invokeOnce(input, progress);
      }
      this.record(input, progress, 200, false);
      return out;
    } catch (err) {
      const modelError = err instanceof AwsError && err.code === "ModelError";
      const status = modelError ? Number(err.body?.OriginalStatusCode ?? 500) : err instanceof AwsError ? err.httpStatus : 500;
      this.record(input, progress, status, modelError);
      throw err;
    }
  }

  /**
   * Loads a target model on every instance of the endpoint's variants (or of the one named), as a
   * first InvokeEndpoint loads it on the instance it reaches, with the same refusals and errors.
   * No inference runs and nothing is counted as an invocation: only the cache sees the loads.
   */
  async warm(input: WarmInput): Promise<WarmOutput> {
    return this.warmOnce(input).catch((err: unknown) => {
      // The endpoint was updated while the loads ran: its new instances are the ones to warm.
      if (err instanceof InstanceGoneError) return this.warmOnce(input);
      throw err;
    });
  }

  private async warmOnce(input: WarmInput): Promise<WarmOutput> {
    const endpoint = this.opts.sagemaker.findEndpoint(input.endpointName);
    // Refuses as InvokeEndpoint does: no such endpoint or variant, not serving, no target model.
    const named = resolveTarget(endpoint, input, this.opts.accountId);
    const variants = input.targetVariant !== undefined ? [named.variant] : endpoint!.live!.variants;
    const targets = variants.map((v) => (v === named.variant ? named : resolveTarget(endpoint, { ...input, targetVariant: v.variantName }, this.opts.accountId)));
    // Every fleet first, then every hold in one synchronous step: no lease is taken unless all are.
    const fleets = await Promise.all(targets.map((target) => this.fleetOf(target)));
    const started = performance.now();
    const held = targets.flatMap((target, i) => {
      const source = this.packageSource(target);
      return fleets[i]!.acquireOnEach(target.cacheKey, source, this.opts.loadWaitMs).map(({ instance, lease }) => ({
        target,
        instance,
        outcome: lease.then(
          (l) => ({ lease: l, ms: performance.now() - started }),
          (err: unknown) => ({ err }),
        ),
      }));
    });
    const outcomes = await Promise.all(held.map((h) => h.outcome));
    const instances: WarmedInstance[] = [];
    let failure: unknown;
    outcomes.forEach((o, i) => {
      const { target, instance } = held[i]!;
      if ("err" in o) {
        failure ??= this.loadFailure(o.err, target, this.errorContext(target, instance.instanceId));
        return;
      }
      o.lease.release();
      instances.push({ variantName: target.variant.variantName, instanceId: instance.instanceId, index: instance.index, wasResident: o.lease.hit, loadMs: Math.round(o.ms) });
    });
    if (failure !== undefined) throw failure;
    return { endpointName: named.endpointName, targetModel: named.targetModel, instances };
  }

  /**
   * A request is counted against the variant that served it; one refused before a variant was
   * chosen (no target model header, say) against the variant it named or the endpoint's first.
   * A request for an endpoint that does not exist or does not serve counts nowhere, as on AWS.
   */
  private record(input: InvokeInput, p: Progress, status: number, modelError: boolean): void {
    const metrics = this.opts.metrics;
    const variants = p.endpoint?.live?.variants;
    if (!metrics || !p.endpoint || !variants || variants.length === 0) return;
    const named = input.targetVariant?.toLowerCase();
    const variant = variants.find((v) => v.variantName === p.variantName) ?? variants.find((v) => v.variantName.toLowerCase() === named) ?? variants[0]!;
    // Recorded once the answer is on its way: the promise jobs that write it (the runtime handler's
    // and the router's continuations) all run before process.nextTick's queue, which still empties
    // before the event loop reads another request. 18 series updates leave the client's wait.
    process.nextTick(recordInvocation, metrics, {
      endpointName: p.endpoint.name,
      variantName: variant.variantName,
      instanceCount: variant.currentInstanceCount,
      // Absent values stay as undefined properties: conditional spreads would copy objects on every request.
      targetModel: input.targetModel || undefined,
      status,
      modelError,
      cacheHit: p.cacheHit,
      loadingWaitUs: p.loadingWaitUs,
      modelLatencyUs: p.modelLatencyUs,
      totalUs: (performance.now() - p.started) * 1000,
    } satisfies InvocationRecord);
  }

  /** The target model's package on an instance; a batched model's batch sizes go to its BatchSize series. */
  private packageSource(target: InvocationTarget): TritonPackageSource {
    const metrics = this.opts.metrics;
    const onBatch = metrics ? (rows: number) => metrics.batchSize(target.endpointName, target.targetModel).add(rows) : undefined;
    return new TritonPackageSource(this.opts.modelData, target.bucket, target.objectKey, target.targetModel, onBatch);
  }

  private async invokeOnce(input: InvokeInput, progress: Progress): Promise<InvokeOutput> {
    const endpoint = this.opts.sagemaker.findEndpoint(input.endpointName);
    progress.endpoint = endpoint;
    const target = resolveTarget(endpoint, input, this.opts.accountId);
    const v = target.variant;
    progress.variantName = v.variantName;
    // A warm request (fleet at its size, model loaded on the instance routed to) meets no promise
    // before its inference: the sync paths below, then acquire's lease for everything else.
    const fleet = this.opts.cache.readyFleet(target.endpointName, v.variantName, v.currentInstanceCount) ?? (await this.fleetOf(target));
    const acquired = fleet.acquire(target.cacheKey, () => this.packageSource(target), this.opts.loadWaitMs);
    const instance = acquired.instance;
    const waitStarted = performance.now();
    let held: Lease<TritonModel>;
    if ("held" in acquired) held = acquired.held;
    else {
      try {
        held = await acquired.lease;
      } catch (err) {
        progress.cacheHit = false;
        progress.loadingWaitUs = (performance.now() - waitStarted) * 1000;
        throw this.loadFailure(err, target, this.errorContext(target, instance.instanceId));
      }
    }
    progress.cacheHit = held.hit;
    const inferStarted = performance.now();
    if (!held.hit) progress.loadingWaitUs = (inferStarted - waitStarted) * 1000;
    try {
      const out = await runInference(held.model, input.body, input.contentType);
      progress.modelLatencyUs = (performance.now() - inferStarted) * 1000;
      return {
        body: out.body,
        contentType: out.contentType,
        invokedVariant: v.variantName,
        customAttributes: input.customAttributes,
        cache: held.hit ? "hit" : "miss",
      };
    } catch (err) {
      progress.modelLatencyUs = (performance.now() - inferStarted) * 1000;
      if (err instanceof V2FormatError) throw modelError(this.errorContext(target, instance.instanceId), 400, err.message);
      // SageMaker's Triton answers every failed inference 400 (507 for a lack of memory), whatever the
      // backend said; 501 is the engine's own (something it cannot run yet).
      if (err instanceof ModelInputError) {
        throw modelError(this.errorContext(target, instance.instanceId), err.originalStatusCode === 501 ? 501 : tritonFailureStatus(err.message), err.message);
      }
      throw err;
    } finally {
      held.release();
    }
  }

  private fleetOf(target: InvocationTarget): Promise<EndpointFleet<TritonModel>> {
    const v = target.variant;
    return this.opts.cache.fleetFor({ endpointName: target.endpointName, variantName: v.variantName, instanceType: v.instanceType ?? "", instanceCount: v.currentInstanceCount });
  }

  private errorContext(target: InvocationTarget, instanceId: string): ModelErrorContext {
    return { region: this.opts.region, account: this.opts.accountId, endpointName: target.endpointName, variantName: target.variant.variantName, instanceId };
  }

  private loadFailure(err: unknown, target: InvocationTarget, ctx: ModelErrorContext): unknown {
    if (err instanceof ModelNotReadyError) return modelNotReady(target.targetModel);
    if (err instanceof ModelDataNotFoundError) return targetModelNotFound(err.bucket, err.key);
    // Triton answers 507 when a model does not fit; SageMaker passes it on as a ModelError.
    if (err instanceof InsufficientCapacityError) return modelError(ctx, 507, `failed to load '${target.targetModel}': ${err.message}`);
    // 501 is the engine's own (a platform it cannot run); otherwise Triton's rule for loads.
    if (err instanceof ModelLoadError) return modelError(ctx, err.originalStatusCode === 501 ? 501 : tritonFailureStatus(err.message), err.message);
    return err;
  }
}

function recordInvocation(metrics: InvocationMetrics, record: InvocationRecord): void {
  metrics.record(record);
}
