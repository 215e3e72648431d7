import type { Identity } from "./arns";
import type { AutoScalingStore } from "./store/autoscaling-store";
import type { TargetChange } from "./types";

/**
 * The part of a SageMaker endpoint this service reads to check that a variant exists: its live
 * deployment, or the one being created. Declared here (not imported from SageMaker) so the backend
 * depends on the shape only; start-engine.ts hands it SageMaker's `findEndpoint`.
 */
type VariantList = { variants: readonly { variantName: string }[] } | null;
export type EndpointLookup = (
  endpointName: string,
) => { live: VariantList; pending: { kind: string; deployment?: VariantList } | null } | undefined;

/** What every operation needs: state, identity for ARNs, the clock. */
export type BackendContext = Identity & {
  store: AutoScalingStore;
  now(): Date;
  /** Queues a change; listeners hear it once the transaction that made it has committed. */
  changed(change: TargetChange): void;
};
