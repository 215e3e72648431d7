import type { SageMakerStore } from "./store/sagemaker-store";

/** The part of the engine's S3 that SageMaker consults when it deploys model data. */
export type ModelDataSource = { bucketExists(bucket: string): boolean };

/**
 * An endpoint's instances went away: replaced by an update that completed, or deleted. The
 * runtime unloads their models; the new instances (if any) start with empty caches. "resized":
 * an UpdateEndpointWeightsAndCapacities completed; the instances that remain keep their models,
 * added ones start empty and removed ones unload theirs.
 */
export type EndpointChange = { endpointName: string; kind: "replaced" | "deleted" | "resized" };

/** What every SageMaker backend operation needs: state, identity for ARNs, timing. */
export type BackendContext = {
  store: SageMakerStore;
  region: string;
  accountId: string;
  /** How long Creating, Updating and Deleting last. */
  transitionMs: number;
  now(): number;
  modelData: ModelDataSource;
  /** Queues a change; listeners hear it only once the transaction that made it has committed. */
  changed(change: EndpointChange): void;
};
