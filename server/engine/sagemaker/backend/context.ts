import type { SageMakerStore } from "../../store/sagemaker-store";

/** The part of the engine's S3 that SageMaker consults when it deploys model data. */
export type ModelDataSource = { bucketExists(bucket: string): boolean };

/** What every SageMaker backend operation needs: state, identity for ARNs, timing. */
export type BackendContext = {
  store: SageMakerStore;
  region: string;
  accountId: string;
  /** How long Creating, Updating and Deleting last. */
  transitionMs: number;
  now(): number;
  modelData: ModelDataSource;
};
