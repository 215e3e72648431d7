import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { CacheEvent, FleetSnapshot } from "@/lib/residency-snapshot";
import type { EvictionPolicy, EvictionPolicyName } from "./eviction/eviction-policy";
import { InstanceCache } from "./instance-cache";
import type { Lease, ModelSource, ResidentModel } from "./model-source";

export type FleetOptions = {
  endpointName: string;
  variantName: string;
  instanceType: string;
  root: string;
  memoryBudgetBytes: number;
  diskBudgetBytes: number;
  policyName: EvictionPolicyName;
  createPolicy: () => EvictionPolicy;
  now?: () => number;
  onEvent?: (instanceId: string, event: CacheEvent) => void;
};

/**
 * The instances of one production variant, each with its own cache, and the routing between
 * them: a request goes to an instance that already holds its model (the least busy of them),
 * else to the least busy instance, then the one with the most free memory.
 */
export class EndpointFleet<M extends ResidentModel> {
  private instances: InstanceCache<M>[] = [];
  private nextIndex = 0;

  constructor(private readonly opts: FleetOptions) {}

  get size(): number {
    return this.instances.length;
  }

  /** Grows with fresh instances or retires the newest ones, as scaling does on SageMaker. */
  async resize(count: number): Promise<void> {
    while (this.instances.length < count) this.instances.push(this.newInstance());
    const retired = this.instances.splice(Math.max(count, 0));
    await Promise.all(retired.map((i) => i.close()));
  }

  /**
   * Routes and holds in one synchronous step, so concurrent first requests meet on one instance.
   * A model loaded on the instance routed to is held at once (`held`, the warm path: no promise,
   * and no source made); otherwise `lease` settles when it is loaded, from the source made then.
   */
  acquire(key: string, source: () => ModelSource<M>, waitMs: number): { instance: InstanceCache<M>; held: Lease<M> } | { instance: InstanceCache<M>; lease: Promise<Lease<M>> } {
    const instance = this.route(key);
    const held = instance.holdIfLoaded(key);
    return held ? { instance, held } : { instance, lease: instance.acquire(key, source(), waitMs) };
  }

  /**
   * Holds `key` on every instance, each loading it if it must (warming before a switch): routing
   * would send every request to the first instance that holds it, so the others would never load it.
   */
  acquireOnEach(key: string, source: ModelSource<M>, waitMs: number): { instance: InstanceCache<M>; lease: Promise<Lease<M>> }[] {
    return this.instances.map((instance) => ({ instance, lease: instance.acquire(key, source, waitMs) }));
  }

  async close(): Promise<void> {
    const all = this.instances;
    this.instances = [];
    await Promise.all(all.map((i) => i.close()));
  }

  snapshot(): FleetSnapshot {
    return {
      endpointName: this.opts.endpointName,
      variantName: this.opts.variantName,
      instanceType: this.opts.instanceType,
      policy: this.opts.policyName,
      instances: this.instances.map((i) => i.snapshot()),
    };
  }

  private route(key: string): InstanceCache<M> {
    const holders = this.instances.filter((i) => i.holds(key));
    const pool = holders.length > 0 ? holders : this.instances;
    let best = pool[0]!;
    for (const i of pool) {
      if (i.inFlight < best.inFlight || (i.inFlight === best.inFlight && i.freeBytes > best.freeBytes)) best = i;
    }
    return best;
  }

  private newInstance(): InstanceCache<M> {
    const index = this.nextIndex++;
    // EC2-style ids: they appear in log stream names, as on SageMaker.
    const instanceId = `i-${randomBytes(9).toString("hex").slice(0, 17)}`;
    const onEvent = this.opts.onEvent;
    return new InstanceCache<M>({
      instanceId,
      index,
      memoryBudgetBytes: this.opts.memoryBudgetBytes,
      diskRoot: join(this.opts.root, `instance-${index}`),
      diskBudgetBytes: this.opts.diskBudgetBytes,
      policy: this.opts.createPolicy(),
      now: this.opts.now,
      onEvent: onEvent && ((event) => onEvent(instanceId, event)),
    });
  }
}
