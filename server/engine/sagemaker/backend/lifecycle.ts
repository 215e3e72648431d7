import type { BackendContext } from "./context";
import { deploymentFailure, settle } from "./deployment";
import type { EndpointRecord } from "./types";

/**
 * Completes endpoint transitions (Creating, Updating, Deleting) whose due time has passed.
 * The due time is stored with the endpoint, so a transition begun before a restart or a crash
 * still completes after it. Called lazily before every API call and by a timer.
 */
export function completeDueTransitions(ctx: BackendContext): void {
  for (const e of ctx.store.dueEndpoints(ctx.now())) completeTransition(ctx, e);
}

function completeTransition(ctx: BackendContext, e: EndpointRecord): void {
  const pending = e.pending;
  const at = e.dueAt ?? ctx.now();
  const settled = { ...e, pending: null, dueAt: null, lastModifiedTime: at };
  if (!pending) {
    ctx.store.putEndpoint(settled);
    return;
  }
  switch (pending.kind) {
    case "delete":
      ctx.store.deleteEndpoint(e.name.toLowerCase());
      ctx.store.deleteAllTags(e.arn);
      ctx.changed({ endpointName: e.name, kind: "deleted" });
      return;
    case "create": {
      const failure = deploymentFailure(ctx, pending.deployment);
      ctx.store.putEndpoint(
        failure
          ? { ...settled, status: "Failed", failureReason: failure }
          : { ...settled, status: "InService", failureReason: undefined, live: settle(pending.deployment) },
      );
      return;
    }
    case "update": {
      // A failed update rolls back: the endpoint keeps serving the old deployment and says why.
      const failure = deploymentFailure(ctx, pending.deployment);
      // The new deployment runs on new instances: what the old ones had loaded is gone.
      if (!failure) ctx.changed({ endpointName: e.name, kind: "replaced" });
      ctx.store.putEndpoint(
        failure
          ? { ...settled, status: "InService", failureReason: failure }
          : {
              ...settled,
              status: "InService",
              failureReason: undefined,
              endpointConfigName: pending.deployment.endpointConfigName,
              live: settle(pending.deployment),
            },
      );
      return;
    }
    case "weights":
      ctx.store.putEndpoint({ ...settled, status: "InService", live: settle(pending.deployment) });
      // Instance counts may have changed: removed instances unload now, not at the next request.
      ctx.changed({ endpointName: e.name, kind: "resized" });
      return;
  }
}

/** Wakes up when the next transition is due, so endpoints settle even when nobody is asking. */
export class TransitionTimer {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** When the earliest transition falls due, as of the last `schedule` (Infinity: none pending). */
  private nextDue = Infinity;

  constructor(
    private readonly ctx: BackendContext,
    private readonly onError: (err: unknown) => void,
    /** Called after each of the timer's transactions: `committed` false when it rolled back. */
    private readonly afterTransaction: (committed: boolean) => void = () => undefined,
  ) {}

  /** Re-arms the timer for the earliest due transition; call after every state change. */
  schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.ctx.store.nextDueAt();
    this.nextDue = next ?? Infinity;
    if (next === undefined) return;
    this.arm(Math.min(Math.max(0, next - this.ctx.now()), 2 ** 31 - 1));
  }

  /** Whether a transition is due now and not yet completed (the timer may lag behind the clock). */
  isDue(): boolean {
    return this.ctx.now() >= this.nextDue;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.fire(), delayMs);
    this.timer.unref();
  }

  private fire(): void {
    try {
      this.ctx.store.transaction(() => completeDueTransitions(this.ctx));
      this.afterTransaction(true);
    } catch (err) {
      this.afterTransaction(false);
      // Retry later rather than spin; API calls still complete due transitions lazily.
      this.onError(err);
      if (!this.stopped) this.arm(1000);
      return;
    }
    this.schedule();
  }
}
