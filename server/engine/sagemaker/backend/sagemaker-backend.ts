import type { SageMakerStore } from "./store/sagemaker-store";
import type { BackendContext, EndpointChange, ModelDataSource } from "./context";
import * as configs from "./endpoint-configs";
import { describeEndpoint } from "./describe-endpoint";
import * as endpoints from "./endpoints";
import { completeDueTransitions, TransitionTimer } from "./lifecycle";
import type { ListRequest } from "./listing";
import type { EndpointRecord } from "./types";
import * as models from "./models";
import * as tags from "./tags";

export type SageMakerBackendOptions = {
  store: SageMakerStore;
  region: string;
  accountId: string;
  transitionMs: number;
  /** Where model data lives: an endpoint whose MultiModel bucket is missing fails to deploy. */
  modelData: ModelDataSource;
  now?: () => number;
  onTimerError?: (err: unknown) => void;
};

/**
 * SageMaker's hosting state and rules, with no knowledge of HTTP. Every operation runs in one
 * transaction that first completes the transitions already due, so a read never shows an
 * endpoint stuck in Creating after its time, and the write is durable before it returns.
 */
export class SageMakerBackend {
  private readonly ctx: BackendContext;
  private readonly timer: TransitionTimer;
  private pendingChanges: EndpointChange[] = [];
  /**
   * Endpoints as InvokeEndpoint last read them, by lowercased name: an invoke must not pay for a
   * SQLite transaction. Emptied after every transaction (any of them may change an endpoint) and
   * bypassed once a transition falls due, so a read here is never staler than `run` would give.
   */
  private readonly routing = new Map<string, EndpointRecord | undefined>();
  private readonly changeListeners = new Set<(change: EndpointChange) => void>();

  constructor(opts: SageMakerBackendOptions) {
    this.ctx = {
      store: opts.store,
      region: opts.region,
      accountId: opts.accountId,
      transitionMs: opts.transitionMs,
      now: opts.now ?? Date.now,
      modelData: opts.modelData,
      changed: (change) => this.pendingChanges.push(change),
    };
    this.timer = new TransitionTimer(
      this.ctx,
      opts.onTimerError ?? ((err) => console.error("mme-engine: endpoint transition failed", err)),
      (committed) => this.afterTransaction(committed),
    );
    // Transitions that fell due while the engine was down complete now; the rest get a timer.
    this.run(() => undefined);
  }

  close(): void {
    this.timer.stop();
  }

  /** Hears endpoints whose instances were replaced or deleted (the runtime unloads their models). */
  onEndpointChange(listener: (change: EndpointChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The endpoint as the runtime needs it to route an invocation, or undefined. Do not mutate it. */
  findEndpoint = (name: string): EndpointRecord | undefined => {
    const key = name.toLowerCase();
    if (this.routing.has(key) && !this.timer.isDue()) return this.routing.get(key);
    const found = this.run((c) => c.store.getEndpoint(key));
    this.routing.set(key, found);
    return found;
  };

  private run<T>(fn: (ctx: BackendContext) => T): T {
    let result: T;
    try {
      result = this.ctx.store.transaction(() => {
        completeDueTransitions(this.ctx);
        return fn(this.ctx);
      });
    } catch (err) {
      this.afterTransaction(false);
      throw err;
    }
    this.afterTransaction(true);
    this.timer.schedule();
    return result;
  }

  private afterTransaction(committed: boolean): void {
    this.routing.clear();
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    if (!committed) return;
    for (const change of changes) {
      for (const listener of this.changeListeners) {
        try {
          listener(change);
        } catch (err) {
          console.error("mme-engine: an endpoint change listener failed", err);
        }
      }
    }
  }

  createModel = (input: models.CreateModelInput) => this.run((c) => models.createModel(c, input));
  describeModel = (input: { ModelName: string }) => this.run((c) => models.describeModel(c, input.ModelName));
  listModels = (input: ListRequest) => this.run((c) => models.listModels(c, input));
  deleteModel = (input: { ModelName: string }) => this.run((c) => models.deleteModel(c, input.ModelName));

  createEndpointConfig = (input: configs.CreateEndpointConfigInput) => this.run((c) => configs.createEndpointConfig(c, input));
  describeEndpointConfig = (input: { EndpointConfigName: string }) =>
    this.run((c) => configs.describeEndpointConfig(c, input.EndpointConfigName));
  listEndpointConfigs = (input: ListRequest) => this.run((c) => configs.listEndpointConfigs(c, input));
  deleteEndpointConfig = (input: { EndpointConfigName: string }) =>
    this.run((c) => configs.deleteEndpointConfig(c, input.EndpointConfigName));

  createEndpoint = (input: endpoints.CreateEndpointInput) => this.run((c) => endpoints.createEndpoint(c, input));
  describeEndpoint = (input: { EndpointName: string }) => this.run((c) => describeEndpoint(c, input.EndpointName));
  listEndpoints = (input: ListRequest) => this.run((c) => endpoints.listEndpoints(c, input));
  updateEndpoint = (input: endpoints.UpdateEndpointInput) => this.run((c) => endpoints.updateEndpoint(c, input));
  updateEndpointWeightsAndCapacities = (input: endpoints.UpdateWeightsInput) =>
    this.run((c) => endpoints.updateEndpointWeightsAndCapacities(c, input));
  deleteEndpoint = (input: { EndpointName: string }) => this.run((c) => endpoints.deleteEndpoint(c, input.EndpointName));

  addTags = (input: Parameters<typeof tags.addTags>[1]) => this.run((c) => tags.addTags(c, input));
  deleteTags = (input: Parameters<typeof tags.deleteTags>[1]) => this.run((c) => tags.deleteTags(c, input));
  listTags = (input: Parameters<typeof tags.listTags>[1]) => this.run((c) => tags.listTags(c, input));
}
