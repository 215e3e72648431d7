import type { QueuePolicy } from "@/lib/triton/model-config";
import { batchShapeKey } from "@/lib/v2/batch-tensors";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, type BatchRequest, type InferOptions } from "../../backends/model-backend";

export type DynamicBatcherOptions = {
  /** The model's name, for messages. */
  model: string;
  maxBatchSize: number;
  /** Empty: [maxBatchSize], as Triton normalises it. */
  preferredBatchSizes: readonly number[];
  maxQueueDelayMicroseconds: number;
  queuePolicy?: QueuePolicy;
  /** How many batches may run at once (the model's instances). */
  instances: number;
  /**
   * Runs one batch: one answer per request, in order (its outputs, or the error it alone failed
   * with); a rejection fails every request of the batch. The backend decides how: concatenated
   * along the batch dimension (batched-model.ts) or handed over as a list (the Python backend).
   */
  execute(batch: BatchRequest[]): Promise<(Tensor[] | Error)[]>;
  /** Told each batch's size (in rows) as it starts. */
  onBatch?(rows: number, requests: number): void;
  /** Milliseconds, monotonic (tests pass their own clock). */
  now?: () => number;
};

type Queued = BatchRequest & {
  /** Its rows (the batch dimension), which its answer gets back. */
  rows: number;
  /** The batch slots it takes: its rows, at least 1 (Triton's std::max(1U, BatchSize())). */
  slots: number;
  key: string;
  enqueuedAt: number;
  /** Infinity without a timeout. */
  deadline: number;
  /** Triton's prefix for the request's errors: "[request id: <id>] ". */
  label: string;
  resolve(out: Tensor[]): void;
  reject(err: Error): void;
};

/**
 * Triton's dynamic batcher for one model (core src/dynamic_batch_scheduler.cc, GetDynamicBatch
 * and BatcherThread; the research and line references are in docs/architecture.md): one queue per
 * model, in arrival order; a batch is formed only when an instance is free. Walking the queue, a
 * request of b rows takes b slots and is never split; the walk stops before max_batch_size would
 * be passed or at a request whose shapes differ from the first's. The largest preferred size
 * reached is sent at once; else everything pending goes when it reaches the largest preferred size,
 * when max_queue_delay_microseconds is 0, or when the oldest request has waited that long; until
 * then the batcher waits. Queue policy: max_queue_size refuses a request when that many wait
 * ("Exceeds maximum queue size"); default_timeout_microseconds rejects a request still queued past
 * it ("Request timeout expired"), both as Triton words them; in SageMaker's Triton every inference
 * error leaves the container as 400 (sagemaker_server.cc), which SageMaker answers as ModelError.
 * A DELAY timeout action keeps the request queued (Triton then only lowers its priority; there is
 * one priority level here).
 */
export class DynamicBatcher {
  private readonly queue: Queued[] = [];
  private running = 0;
  private closed: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Waits out the last fraction of a millisecond (see armTimer). */
  private immediate: NodeJS.Immediate | undefined;
  private timerAt = Infinity;
  private readonly preferred: Set<number>;
  private readonly maxPreferred: number;
  private readonly delayMs: number;
  private readonly now: () => number;

  /**
   * Whether deadlines can be out of arrival order: only when a request may shorten its own
   * timeout (allow_timeout_override); otherwise every request has the same one.
   */
  private readonly ownTimeouts: boolean;

  constructor(private readonly o: DynamicBatcherOptions) {
    const preferred = o.preferredBatchSizes.length > 0 ? o.preferredBatchSizes : [o.maxBatchSize];
    this.preferred = new Set(preferred);
    this.maxPreferred = Math.max(...preferred);
    this.delayMs = o.maxQueueDelayMicroseconds / 1000;
    this.now = o.now ?? (() => performance.now());
    this.ownTimeouts = o.queuePolicy?.allowTimeoutOverride === true;
  }

  /** Requests waiting for a batch (not those running). */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** One request (its inputs checked against the config); answers with its own rows of the batch's outputs. */
  infer(inputs: Tensor[], outputs?: string[], options: InferOptions = {}): Promise<Tensor[]> {
    if (this.closed) return Promise.reject(this.closed);
    const policy = this.o.queuePolicy;
    // Triton's InferenceRequest::LogRequest(), which prefixes the scheduler's errors.
    const label = `[request id: ${options.requestId || "<id_unknown>"}] `;
    if (policy && policy.maxQueueSize > 0 && this.queue.length >= policy.maxQueueSize) {
      return Promise.reject(new ModelInputError(`${label}Exceeds maximum queue size`, 400));
    }
    const rows = inputs[0]?.shape[0] ?? 1;
    const slots = Math.max(1, rows);
    if (slots > this.o.maxBatchSize) {
      return Promise.reject(new ModelInputError(`${label}inference request batch-size must be <= ${this.o.maxBatchSize} for '${this.o.model}'`, 400));
    }
    const enqueuedAt = this.now();
    const timeoutMs = timeoutMicroseconds(policy, options.timeoutMicroseconds) / 1000 || Infinity;
    const requestId = options.requestId;
    return new Promise<Tensor[]>((resolve, reject) => {
      this.queue.push({ inputs, outputs, ...(requestId ? { requestId } : {}), label, rows, slots, key: batchShapeKey(inputs, outputs), enqueuedAt, deadline: enqueuedAt + timeoutMs, resolve, reject });
      this.schedule();
    });
  }

  /** Refuses what still waits, and anything that comes later (the model is being unloaded). */
  close(reason: Error): void {
    this.closed = reason;
    this.cancelTimer();
    this.timerAt = Infinity;
    for (const q of this.queue.splice(0)) q.reject(reason);
  }

  private schedule(): void {
    const now = this.now();
    this.rejectExpired(now);
    while (this.running < this.o.instances && this.queue.length > 0) {
      const n = this.batchToSend(now);
      if (n === 0) break;
      void this.execute(this.queue.splice(0, n));
    }
    this.armTimer(now);
  }

  /** How many requests at the head of the queue to send now; 0 to wait for more. */
  private batchToSend(now: number): number {
    const first = this.queue[0]!;
    let rows = 0;
    let count = 0;
    let mark = 0;
    let saturated = false;
    for (const q of this.queue) {
      if (rows + q.slots > this.maxPreferred && mark === 0) {
        mark = count;
        saturated = true;
      }
      if (rows + q.slots > this.o.maxBatchSize || q.key !== first.key) {
        saturated = true;
        break;
      }
      rows += q.slots;
      count++;
      if (this.preferred.has(rows)) mark = count;
    }
    const delayExceeded = this.delayMs > 0 && now - first.enqueuedAt >= this.delayMs;
    if (mark > 0 && !delayExceeded) return mark;
    if (saturated || rows >= this.maxPreferred || this.delayMs === 0 || delayExceeded) return count;
    return 0;
  }

  /**
   * When every request gets the same timeout the queue, in arrival order, has its deadlines in
   * order too: the expired ones are a run at its head. A request's own (shorter) timeout breaks
   * that order, and then the whole queue is looked at.
   */
  private rejectExpired(now: number): void {
    if (this.ownTimeouts) {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i]!.deadline <= now) this.queue.splice(i, 1)[0]!.reject(new ModelInputError("Request timeout expired", 400));
      }
      return;
    }
    let expired = 0;
    while (expired < this.queue.length && this.queue[expired]!.deadline <= now) expired++;
    for (const q of this.queue.splice(0, expired)) q.reject(new ModelInputError("Request timeout expired", 400));
  }

  /** The first deadline of the queue (see rejectExpired for why the head's is the first without own timeouts). */
  private firstDeadline(): number {
    if (!this.ownTimeouts) return this.queue[0]!.deadline;
    let at = Infinity;
    for (const q of this.queue) at = Math.min(at, q.deadline);
    return at;
  }

  /** Wakes the batcher when the oldest request's delay ends or the first deadline passes. */
  private armTimer(now: number): void {
    let at = Infinity;
    if (this.queue.length > 0) {
      if (this.running < this.o.instances && this.delayMs > 0) at = this.queue[0]!.enqueuedAt + this.delayMs;
      at = Math.min(at, this.firstDeadline());
    }
    if (at === this.timerAt) return;
    this.cancelTimer();
    this.timerAt = at;
    if (at === Infinity) return;
    // Node's timers count whole milliseconds on libuv's loop clock, which lags performance.now() by
    // however long the loop's current turn has run: a timer can fire well before its time, and one
    // armed for the fraction then left (or for a delay under 1 ms, such as Triton's examples' 100 us)
    // waits a whole millisecond. So a timer only for whole milliseconds, and what is left under one
    // is waited out with setImmediate, which lets I/O in between its checks.
    const wait = at - now;
    if (wait >= 1) this.timer = setTimeout(this.wake, wait);
    else this.immediate = setImmediate(this.wake);
  }

  private readonly wake = () => {
    this.timerAt = Infinity;
    this.timer = undefined;
    this.immediate = undefined;
    this.schedule();
  };

  private cancelTimer(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private async execute(batch: Queued[]): Promise<void> {
    this.running++;
    try {
      this.o.onBatch?.(batch.reduce((sum, q) => sum + q.rows, 0), batch.length);
      const answers = await this.o.execute(batch.map(({ inputs, outputs, requestId }) => ({ inputs, outputs, ...(requestId ? { requestId } : {}) })));
      batch.forEach((q, i) => {
        const answer = answers[i];
        if (answer instanceof Error) q.reject(answer);
        else if (answer) q.resolve(answer);
        else q.reject(new ModelInputError(`${q.label}the model answered ${answers.length} of the batch's ${batch.length} requests`, 500));
      });
    } catch (err) {
      for (const q of batch) q.reject(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.running--;
      this.schedule();
    }
  }
}

/**
 * The timeout a request waits under, in microseconds (0: none), as Triton's PolicyQueue::Enqueue
 * decides it (core src/scheduler_utils.cc): the policy's default; with allow_timeout_override, the
 * request's own `timeout` when it is set and shorter. Only a REJECT action rejects (DELAY keeps
 * the request queued).
 */
function timeoutMicroseconds(policy: QueuePolicy | undefined, requested: number | undefined): number {
  if (!policy || policy.timeoutAction !== "REJECT") return 0;
  let timeout = policy.defaultTimeoutMicroseconds;
  if (policy.allowTimeoutOverride && requested !== undefined && requested > 0 && requested < timeout) timeout = requested;
  return timeout;
}
