/**
 * What the cache can refuse, in its own terms; the runtime maps them to SageMaker's errors
 * (ModelNotReadyException, ModelError with the container's 507).
 */

/** The load is still running after the time a request may wait for it; it goes on in the background. */
export class ModelNotReadyError extends Error {
  constructor(readonly key: string) {
    super(`model ${key} is still loading`);
    this.name = "ModelNotReadyError";
  }
}

/** The model cannot fit the instance's memory (or disk) even with everything else evicted. */
export class InsufficientCapacityError extends Error {
  constructor(
    message: string,
    readonly resource: "memory" | "disk",
  ) {
    super(message);
    this.name = "InsufficientCapacityError";
  }
}

/** The instance was torn down (UpdateEndpoint, DeleteEndpoint) while the request waited. */
export class InstanceGoneError extends Error {
  constructor() {
    super("the instance was replaced while the request waited for it");
    this.name = "InstanceGoneError";
  }
}
