import type { InferenceSession } from "onnxruntime-node";
import type { ModelConfig } from "@/lib/triton/model-config";
import type { Tensor } from "@/lib/v2/tensor";
import { ModelInputError, ModelLoadError, type LoadedModel } from "../model-backend";
import { checkOnnxInputs, checkOnnxSignature } from "./onnx-signature";
import { ThreadExitedError, type OnnxThread, type OnnxThreadPool, type SessionMetadata, type ThreadTensor } from "./onnx-thread-pool";
import { fromOrtTensor, toOrtTensor } from "./ort-tensors";

/** A model loaded as several instances, with what tests look at. */
export type OnnxInstancesModel = LoadedModel & {
  /** Requests each instance has run (answered or failed in onnxruntime), in instance order. */
  instanceRuns(): number[];
  /** The thread each instance's session lives on now (OnnxThread.id; undefined while it has none). */
  instanceThreads(): (number | undefined)[];
};

type Job = { feeds: Record<string, ThreadTensor>; transfer: ArrayBuffer[]; fetches: string[]; resolve: (t: Tensor[]) => void; reject: (e: Error) => void };

/** One instance: a session on one of the pool's threads. */
type Instance = {
  index: number;
  slot: number;
  /** The thread that holds `session`; undefined once that thread stopped (the session went with it). */
  thread: OnnxThread | undefined;
  session: number;
  busy: boolean;
  runs: number;
};

/**
 * A model with `instance_group` count N > 1, as Triton runs it. In Triton each instance is one
 * parallel execution of the model (its own copy of the model, its own thread), and the model's
 * one scheduler hands requests (or the dynamic batcher's batches) to all of its instances: with
 * three instances the first three requests run at once and the fourth waits for one of them to
 * finish (Triton user guide, architecture.md "Concurrent Model Execution"; scheduler.md "Default
 * Scheduler": "distributes inference requests to all model instances configured for the model";
 * batcher.md: batches "are distributed to all model instances"). Here: N onnxruntime sessions,
 * each on a thread of the process's pool (distinct threads while the pool has enough), and one
 * queue per model from which whichever instance frees up first takes the next request. Every
 * instance's session holds its own memory.
 *
 * Inputs are checked and converted on the main thread by the same code as the single-session
 * path (same errors); their data is copied once into buffers that are then moved to the thread
 * (the caller keeps its own), and the outputs' buffers are moved back. A thread that stops takes
 * the requests it was running with it (they fail, 500, saying so); the instance then creates its
 * session again on the thread that replaces it before it takes its next request.
 */
export async function loadOnnxInstances(opts: {
  pool: OnnxThreadPool;
  path: string;
  config: ModelConfig;
  count: number;
  sessionOptions: InferenceSession.SessionOptions;
  memoryBytes: number;
}): Promise<OnnxInstancesModel> {
  const { pool, path, config, count, sessionOptions } = opts;
  const name = config.name;
  const slots = pool.place(count);
  const created = await Promise.allSettled(
    slots.map(async (slot) => {
      const thread = pool.thread(slot);
      const reply = await thread.request({ op: "load", path, options: sessionOptions });
      return { thread, session: reply.session!, metadata: reply.metadata! };
    }),
  );
  const releaseCreated = () =>
    Promise.all(
      created.map(async (c, i) => {
        if (c.status === "fulfilled") await c.value.thread.request({ op: "release", session: c.value.session }).catch(() => undefined);
        pool.unplace(slots[i]!);
      }),
    );
  const failed = created.find((c): c is PromiseRejectedResult => c.status === "rejected");
  if (failed) {
    await releaseCreated();
    throw new ModelLoadError(`failed to load model '${name}': onnxruntime could not create a session: ${(failed.reason as Error).message}`);
  }
  const sessions = created.map((c) => (c as PromiseFulfilledResult<{ thread: OnnxThread; session: number; metadata: SessionMetadata }>).value);
  // Every instance runs the same file: one session's signature stands for all.
  const metadata = sessions[0]!.metadata;
  const mismatch = checkOnnxSignature(metadata, config);
  if (mismatch) {
    await releaseCreated();
    throw new ModelLoadError(`failed to load model '${name}': ${mismatch}`);
  }

  const instances: Instance[] = sessions.map((s, index) => ({ index, slot: slots[index]!, thread: s.thread, session: s.session, busy: false, runs: 0 }));
  const queue: Job[] = [];
  let unloaded = false;
  const unloadedError = () => new ModelInputError(`model '${name}' is unloaded`, 503);

  /** The instance's session created again, on the thread that replaces the one that stopped. */
  const reload = async (inst: Instance): Promise<OnnxThread> => {
    inst.thread = undefined;
    const thread = pool.thread(inst.slot);
    let reply;
    try {
      reply = await thread.request({ op: "load", path, options: sessionOptions });
    } catch (err) {
      throw new ModelInputError(`model '${name}' instance ${inst.index}: onnxruntime could not create its session again after its thread stopped: ${(err as Error).message}`, 500);
    }
    if (unloaded) {
      // Unloaded while the session was being created: nothing may keep it.
      await thread.request({ op: "release", session: reply.session! }).catch(() => undefined);
      throw unloadedError();
    }
    inst.thread = thread;
    inst.session = reply.session!;
    return thread;
  };

  const execute = async (inst: Instance, job: Job): Promise<Tensor[]> => {
    // A live thread is sent the request at once (in the call that dispatched it), not a turn later.
    const thread = inst.thread && !inst.thread.exited ? inst.thread : await reload(inst);
    inst.runs++;
    let reply;
    try {
      reply = await thread.request({ op: "run", session: inst.session, feeds: job.feeds, fetches: job.fetches }, job.transfer);
    } catch (err) {
      if (err instanceof ThreadExitedError) {
        throw new ModelInputError(`model '${name}' instance ${inst.index}: ${err.message}; the instance starts again on a new thread for the next request`, 500);
      }
      // onnxruntime's own refusal (ThreadRequestError), as the single-session path words it.
      throw new ModelInputError(`onnx runtime error: ${(err as Error).message}`, 500);
    }
    const outputs = reply.outputs!;
    return job.fetches.map((n) => fromOrtTensor(n, outputs[n] as unknown as Parameters<typeof fromOrtTensor>[1]));
  };

  const free = (inst: Instance) => {
    inst.busy = false;
    dispatch();
  };

  /** Hands queued requests to free instances: the one whose thread has the least in flight (another model's runs share it), the lowest index on a tie. */
  const dispatch = () => {
    while (queue.length > 0) {
      let best: Instance | undefined;
      for (const inst of instances) {
        if (inst.busy) continue;
        if (!best || inFlight(inst) < inFlight(best)) best = inst;
      }
      if (!best) return;
      const inst = best;
      const job = queue.shift()!;
      inst.busy = true;
      // The instance is free (and takes the next request) before the caller hears its answer.
      execute(inst, job).then(
        (out) => {
          free(inst);
          job.resolve(out);
        },
        (err: Error) => {
          free(inst);
          job.reject(err);
        },
      );
    }
  };

  return {
    memoryBytes: opts.memoryBytes,
    memorySource: "estimated",
    infer(inputs: Tensor[], outputs?: string[]): Promise<Tensor[]> {
      if (unloaded) return Promise.reject(unloadedError());
      try {
        // The single-session path's checks and conversions, in its order (same errors).
        checkOnnxInputs(metadata, inputs);
        const feeds: Record<string, ThreadTensor> = {};
        const transfer: ArrayBuffer[] = [];
        for (const t of inputs) {
          const ort = toOrtTensor(t);
          let data = ort.data as ThreadTensor["data"];
          if (!Array.isArray(data)) {
            // A copy of just the tensor's bytes (the request's array may be a view into a larger
            // buffer, and the caller may use it again), then moved to the thread, not cloned.
            data = copyOf(data);
            transfer.push(data.buffer as ArrayBuffer);
          }
          feeds[t.name] = { type: ort.type, dims: ort.dims, data };
        }
        const fetches = outputs && outputs.length > 0 ? outputs : [...metadata.outputNames];
        return new Promise<Tensor[]>((resolve, reject) => {
          queue.push({ feeds, transfer, fetches, resolve, reject });
          // Synchronously: the request is on its thread's queue before infer returns.
          dispatch();
        });
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },
    async unload() {
      if (unloaded) return;
      unloaded = true;
      for (const job of queue.splice(0)) job.reject(new ModelInputError(`model '${name}' was unloaded while the request waited for an instance`, 503));
      // A release queues behind the runs in flight on its thread: they finish first.
      await Promise.all(
        instances.map(async (inst) => {
          const thread = inst.thread;
          inst.thread = undefined;
          if (thread && !thread.exited) await thread.request({ op: "release", session: inst.session }).catch(() => undefined);
          pool.unplace(inst.slot);
        }),
      );
    },
    instanceRuns: () => instances.map((i) => i.runs),
    instanceThreads: () => instances.map((i) => (i.thread && !i.thread.exited ? i.thread.id : undefined)),
  };
}

const inFlight = (inst: Instance) => (inst.thread && !inst.thread.exited ? inst.thread.inFlight : 0);

type NumericData = Exclude<ThreadTensor["data"], string[]>;
type TypedArrayClass = { new (length: number): NumericData };
const TYPED_ARRAYS: TypedArrayClass[] = [Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, BigInt64Array, Uint8Array, Uint16Array, Uint32Array, BigUint64Array];

/**
 * A copy on a buffer of its own, of the array's own class (a Node Buffer, a Uint8Array to
 * onnxruntime, becomes a plain Uint8Array: Buffer's slice() would share the memory instead).
 */
function copyOf(data: NumericData): NumericData {
  const Class = TYPED_ARRAYS.find((C) => data instanceof C)!;
  const copy = new Class(data.length);
  (copy as { set(a: ArrayLike<number | bigint>): void }).set(data);
  return copy;
}
