import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import type { TensorData } from "@/lib/v2/tensor";

/** What the main thread and onnx-session-thread.cjs say to each other (structured clone). */
export type ThreadTensor = { type: string; dims: readonly number[]; data: Exclude<TensorData, Uint8Array[]> | string[] };
export type SessionMetadata = Pick<InferenceSession, "inputNames" | "outputNames" | "inputMetadata" | "outputMetadata">;
type ToThread =
  | { op: "load"; id: number; path: string; options: InferenceSession.SessionOptions }
  | { op: "run"; id: number; session: number; feeds: Record<string, ThreadTensor>; fetches: string[] }
  | { op: "release"; id: number; session: number }
  | { op: "sessions"; id: number }
  | { op: "crash"; reason: string };
type Request = ToThread extends infer M ? (M extends { id: number } ? Omit<M, "id"> : never) : never;
type FromThread = { id: number; ok: true; session?: number; sessions?: number; metadata?: SessionMetadata; outputs?: Record<string, ThreadTensor> } | { id: number; ok: false; message: string };
type Reply = Extract<FromThread, { ok: true }>;

/** A request the thread refused (onnxruntime threw): its message, as onnxruntime gave it. */
export class ThreadRequestError extends Error {}

/** The thread stopped (an uncaught error, an exit) before it answered. */
export class ThreadExitedError extends Error {}

/**
 * The thread's script: plain CommonJS beside this file, run by Node as it is, under tsx (`npm
 * start`, `npm run engine`, which spawn `node --import tsx server/engine/main.ts`), Vitest and
 * plain node alike; the engine is never bundled (Next's build leaves server/engine out), so
 * import.meta.url always names this folder. Started with no execArgv: the thread needs no
 * TypeScript loader, and inheriting tsx's hooks made each thread's start (to its first session
 * loaded) 170 ms instead of 62 ms on the 2-core dev machine. The capacity workers' way (esbuild
 * bundles a .ts entry once, each worker evals the bundle) measured 65 ms per thread plus 60 ms
 * to bundle, and needs esbuild and the repository as working directory at run time.
 */
const SCRIPT = new URL("./onnx-session-thread.cjs", import.meta.url);

/**
 * One worker thread holding sessions of several models' instances. Its messages run in order, one
 * at a time (onnxruntime-node's run is synchronous on the thread that calls it).
 */
export class OnnxThread {
  private static nextId = 1;
  /** Unique across the process's threads, replacements included: tests tell a replacement by it. */
  readonly id = OnnxThread.nextId++;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextRequest = 1;
  private stopping = false;
  /** Why the thread stopped, once it has. */
  exited: Error | undefined;
  /** Requests sent and not answered: the dispatcher prefers an instance whose thread has fewer. */
  get inFlight(): number {
    return this.pending.size;
  }

  constructor(onExit: (thread: OnnxThread) => void) {
    this.worker = new Worker(SCRIPT, { execArgv: [] });
    // An idle thread never keeps the process alive; one with requests pending does (ref below).
    this.worker.unref();
    let failure: Error | undefined;
    this.worker.on("error", (err) => {
      failure = err;
    });
    // A reply that cannot be deserialized leaves a request without its answer: the thread is
    // stopped, which fails what it had pending (its instances reload on a new one).
    this.worker.on("messageerror", (err) => {
      failure = err;
      void this.worker.terminate();
    });
    this.worker.on("exit", (code) => {
      const reason = this.stopping ? "it was stopped" : failure ? `it failed: ${failure.message}` : `it exited with code ${code}`;
      this.exited = new ThreadExitedError(`onnxruntime thread ${this.id} stopped before answering: ${reason}`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
      onExit(this);
    });
    this.worker.on("message", (msg: FromThread) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) this.worker.unref();
      if (msg.ok) p.resolve(msg);
      else p.reject(new ThreadRequestError(msg.message));
    });
  }

  request(msg: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextRequest++;
    return new Promise<Reply>((resolve, reject) => {
      // Throws (rejecting this promise) on what structured clone cannot carry: nothing is left pending then.
      this.worker.postMessage({ ...msg, id } as ToThread, transfer);
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
    });
  }

  /** Tests: the thread throws an uncaught error as it reads this message (the messages after it are never read). */
  crashForTest(reason = "crash requested by a test"): void {
    this.worker.postMessage({ op: "crash", reason } satisfies ToThread);
  }

  /** Tests: how many sessions the thread holds. */
  async sessionCount(): Promise<number> {
    return (await this.request({ op: "sessions" })).sessions!;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    await this.worker.terminate();
  }
}

/** A place for threads: its thread (started when needed, replaced after it stops) and the instances placed on it. */
type Slot = { thread: OnnxThread | undefined; instances: number; idleTimer: NodeJS.Timeout | undefined };

export type OnnxThreadPoolOptions = {
  /** Threads at most; default max(2, availableParallelism()). */
  size?: number;
  /** How long a thread that holds no session stays up for the next model (ms); default 30 s. */
  idleMs?: number;
};

/**
 * The process's threads for models with several instances. Sized to the cores: each session runs
 * its graph on one intra-op thread, so a thread keeps at most one core busy and more threads than
 * cores only contend (and each costs a V8 isolate, some MB). At least 2, so that a model with two
 * instances has two executions in flight even where the container reports one core. Never a
 * thread per instance: an MME holds hundreds of models, so each thread holds the sessions of
 * many. Threads start when an instance is first placed on them and stop after `idleMs` holding
 * none (unref'd: the pool never keeps the process alive while idle).
 */
export class OnnxThreadPool {
  readonly size: number;
  private readonly idleMs: number;
  private readonly slots: Slot[];

  constructor(options: OnnxThreadPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.max(2, availableParallelism()));
    this.idleMs = options.idleMs ?? 30_000;
    this.slots = Array.from({ length: this.size }, () => ({ thread: undefined, instances: 0, idleTimer: undefined }));
  }

  /**
   * Places `count` instances of one model: on distinct slots while there are enough, the least
   * loaded first (fewest instances; the lower slot on a tie). Returns the slot of each instance.
   */
  place(count: number): number[] {
    const placed: number[] = [];
    for (let i = 0; i < count; i++) {
      // Wraps around when the model has more instances than there are threads: a slot then holds two of them.
      const taken = new Set(placed.length % this.size === 0 ? [] : placed.slice(placed.length - (placed.length % this.size)));
      let best = -1;
      this.slots.forEach((s, k) => {
        if (taken.has(k)) return;
        if (best < 0 || s.instances < this.slots[best]!.instances) best = k;
      });
      const slot = this.slots[best]!;
      slot.instances++;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
      placed.push(best);
    }
    return placed;
  }

  /** An instance placed on `slot` is gone (its session released, or never created). */
  unplace(slot: number): void {
    const s = this.slots[slot]!;
    s.instances = Math.max(0, s.instances - 1);
    if (s.instances > 0 || !s.thread) return;
    const thread = s.thread;
    s.idleTimer = setTimeout(() => {
      s.idleTimer = undefined;
      if (s.instances === 0 && s.thread === thread) {
        s.thread = undefined;
        void thread.stop();
      }
    }, this.idleMs);
    s.idleTimer.unref();
  }

  /** The slot's live thread, started (or, after one stopped, replaced) now if it has none. */
  thread(slot: number): OnnxThread {
    const s = this.slots[slot]!;
    if (!s.thread || s.thread.exited) {
      s.thread = new OnnxThread((t) => {
        if (s.thread === t) s.thread = undefined;
      });
    }
    return s.thread;
  }

  /** Threads running now. */
  liveThreads(): number {
    return this.slots.filter((s) => s.thread && !s.thread.exited).length;
  }

  /** Instances placed on each slot. */
  load(): number[] {
    return this.slots.map((s) => s.instances);
  }

  /** The slot's thread as it is (none started, or one stopped), for tests. */
  threadAt(slot: number): OnnxThread | undefined {
    return this.slots[slot]!.thread;
  }

  /** Stops every thread (their sessions go with them). */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map((s) => {
        if (s.idleTimer) clearTimeout(s.idleTimer);
        s.idleTimer = undefined;
        const t = s.thread;
        s.thread = undefined;
        return t?.stop();
      }),
    );
  }
}

let shared: OnnxThreadPool | undefined;

/** The process-wide pool: every engine in the process (tests start several) shares the cores. */
export function onnxThreadPool(): OnnxThreadPool {
  return (shared ??= new OnnxThreadPool());
}
