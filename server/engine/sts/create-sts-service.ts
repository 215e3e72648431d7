import type { ServiceHandler } from "../http/service-handler";
import { StsBackend } from "./backend/sts-backend";
import { createStsHandler } from "./protocol/sts-handler";

export type StsServiceOptions = {
  /** The account every identity belongs to (the engine's, as in SageMaker's ARNs). */
  accountId: string;
};

export type StsService = {
  /** STS's API (awsQuery, GetCallerIdentity) for the edge router. */
  handler: ServiceHandler;
};

/** STS: a stateless backend (no store) and its awsQuery wire layer. */
export function createStsService(opts: StsServiceOptions): StsService {
  return { handler: createStsHandler(new StsBackend({ accountId: opts.accountId })) };
}
