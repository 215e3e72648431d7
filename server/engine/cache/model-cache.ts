import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CacheEvent, CacheSnapshot } from "@/lib/residency-snapshot";
import { EndpointFleet } from "./endpoint-fleet";
import { createEvictionPolicy } from "./eviction/create-eviction-policy";
import type { EvictionPolicyName } from "./eviction/eviction-policy";
import { instanceMemoryBytes } from "./instance-memory";
import type { ResidentModel } from "./model-source";

export type ModelCacheOptions = {
  /** Instances keep packages under `<root>/<fleet>/instance-<n>/`; wiped at start. */
  root: string;
  /** Replaces every instance type's memory (MME_ENGINE_INSTANCE_MEMORY_BYTES). */
  instanceMemoryBytes?: number;
  instanceDiskBytes: number;
  policy: EvictionPolicyName;
  now?: () => number;
  /** Every instance's cache events, with where they happened (metrics). */
  onEvent?: (where: { endpointName: string; variantName: string; instanceId: string }, event: CacheEvent) => void;
};

export type VariantPlacement = { endpointName: string; variantName: string; instanceType: string; instanceCount: number };

/**
 * Every endpoint's instances and what they hold. Instances live in this process only: after a
 * restart they start empty (as new instances would), so the folder is wiped when the engine
 * starts. A fleet is dropped, models unloaded, when its endpoint is updated or deleted.
 */
export class ModelCache<M extends ResidentModel> {
  private readonly fleets = new Map<string, EndpointFleet<M>>();
  private fleetSeq = 0;

  constructor(private readonly opts: ModelCacheOptions) {
    rmSync(opts.root, { recursive: true, force: true });
  }

  /**
   * The variant's fleet when it exists at the variant's instance count, with nothing to wait for:
   * every warm request's case, answered without a promise (fleetFor does the rest).
   */
  readyFleet(endpointName: string, variantName: string, instanceCount: number): EndpointFleet<M> | undefined {
    const fleet = this.fleets.get(fleetId(endpointName, variantName));
    return fleet && fleet.size === instanceCount ? fleet : undefined;
  }

  /** The variant's fleet, created on first use and resized to the variant's current instance count. */
  async fleetFor(p: VariantPlacement): Promise<EndpointFleet<M>> {
    const ready = this.readyFleet(p.endpointName, p.variantName, p.instanceCount);
    if (ready) return ready;
    const id = fleetId(p.endpointName, p.variantName);
    let fleet = this.fleets.get(id);
    if (!fleet) {
      fleet = new EndpointFleet<M>({
        endpointName: p.endpointName,
        variantName: p.variantName,
        instanceType: p.instanceType,
        // Generated names: endpoint names are safe, but nothing here should depend on it.
        root: join(this.opts.root, `fleet-${++this.fleetSeq}`),
        memoryBudgetBytes: instanceMemoryBytes(p.instanceType, this.opts.instanceMemoryBytes),
        diskBudgetBytes: this.opts.instanceDiskBytes,
        policyName: this.opts.policy,
        createPolicy: () => createEvictionPolicy(this.opts.policy),
        now: this.opts.now,
        onEvent: this.opts.onEvent && ((instanceId, event) => this.opts.onEvent!({ endpointName: p.endpointName, variantName: p.variantName, instanceId }, event)),
      });
      this.fleets.set(id, fleet);
    }
    if (fleet.size !== p.instanceCount) await fleet.resize(Math.max(1, p.instanceCount));
    return fleet;
  }

  /** Resizes the endpoint's fleets that exist to their variants' new counts (a scaling action completed). */
  async resizeEndpoint(endpointName: string, variants: readonly { variantName: string; instanceCount: number }[]): Promise<void> {
    await Promise.all(variants.map((v) => this.fleets.get(fleetId(endpointName, v.variantName))?.resize(Math.max(1, v.instanceCount))));
  }

  /** Drops every fleet of the endpoint: its instances are replaced (update) or gone (delete). */
  async unloadEndpoint(endpointName: string): Promise<void> {
    const prefix = `${endpointName.toLowerCase()}\u0000`;
    const gone = [...this.fleets].filter(([id]) => id.startsWith(prefix));
    for (const [id] of gone) this.fleets.delete(id);
    await Promise.all(gone.map(([, f]) => f.close()));
  }

  snapshot(): CacheSnapshot {
    return { at: (this.opts.now ?? Date.now)(), endpoints: [...this.fleets.values()].map((f) => f.snapshot()) };
  }

  async close(): Promise<void> {
    const all = [...this.fleets.values()];
    this.fleets.clear();
    await Promise.all(all.map((f) => f.close()));
  }
}

function fleetId(endpointName: string, variantName: string): string {
  return `${endpointName.toLowerCase()}\u0000${variantName.toLowerCase()}`;
}
