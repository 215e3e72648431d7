import type { SageMakerStore } from "../../store/sagemaker-store";

/** What every SageMaker backend operation needs: state, identity for ARNs, timing. */
export type BackendContext = {
  store: SageMakerStore;
  region: string;
  accountId: string;
  /** How long Creating, Updating and Deleting last. */
  transitionMs: number;
  now(): number;
};
