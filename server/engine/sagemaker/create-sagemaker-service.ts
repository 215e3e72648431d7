import type { ServiceHandler } from "../http/service-handler";
import type { EngineDatabase } from "../store/open-database";
import type { ModelDataSource } from "./backend/context";
import { SageMakerBackend } from "./backend/sagemaker-backend";
import { SageMakerStore } from "./backend/store/sagemaker-store";
import { createSageMakerHandler } from "./protocol/sagemaker-handler";

export type SageMakerServiceOptions = {
  /** engine.db, already migrated (engine-db.ts). */
  db: EngineDatabase;
  region: string;
  accountId: string;
  transitionMs: number;
  modelData: ModelDataSource;
};

export type SageMakerService = {
  /** The runtime reads endpoints from it, and hears of updated and deleted ones. */
  backend: SageMakerBackend;
  handler: ServiceHandler;
  /** Stops the transition timer. */
  close(): void;
};

/** SageMaker's control plane: its state in engine.db, its awsJson1_1 wire layer. */
export function createSageMakerService(opts: SageMakerServiceOptions): SageMakerService {
  const backend = new SageMakerBackend({
    store: new SageMakerStore(opts.db),
    region: opts.region,
    accountId: opts.accountId,
    transitionMs: opts.transitionMs,
    modelData: opts.modelData,
  });
  return { backend, handler: createSageMakerHandler(backend), close: () => backend.close() };
}
