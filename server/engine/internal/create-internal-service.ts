import type { ServiceHandler } from "../http/service-handler";
import { InternalBackend, type InternalBackendOptions } from "./backend/internal-backend";
import { createInternalHandler } from "./protocol/internal-handler";

export type InternalService = { handler: ServiceHandler };

/** The signed developer namespace `/_mme/...`: residency and capabilities, read from the parts that know them, and warm, done by the runtime. */
export function createInternalService(opts: InternalBackendOptions): InternalService {
  return { handler: createInternalHandler(new InternalBackend(opts)) };
}
