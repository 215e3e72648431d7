import type { ServiceHandler } from "../http/service-handler";
import type { EngineDatabase } from "../store/open-database";
import { AutoScalingBackend } from "./backend/autoscaling-backend";
import type { EndpointLookup } from "./backend/context";
import { AutoScalingStore } from "./backend/store/autoscaling-store";
import { createAutoScalingHandler } from "./protocol/autoscaling-handler";

export type AutoScalingServiceOptions = {
  /** engine.db, already migrated (engine-db.ts). */
  db: EngineDatabase;
  region: string;
  accountId: string;
  /** SageMaker's endpoints, to check that a registered variant exists. */
  findEndpoint: EndpointLookup;
};

export type AutoScalingService = {
  /** The scaler reads targets and policies from it and records its activities there. */
  backend: AutoScalingBackend;
  handler: ServiceHandler;
};

/** Application Auto Scaling for SageMaker variants: its state in engine.db, its awsJson1_1 wire layer. */
export function createAutoScalingService(opts: AutoScalingServiceOptions): AutoScalingService {
  const backend = new AutoScalingBackend({
    store: new AutoScalingStore(opts.db),
    region: opts.region,
    accountId: opts.accountId,
    findEndpoint: opts.findEndpoint,
  });
  return { backend, handler: createAutoScalingHandler(backend) };
}
