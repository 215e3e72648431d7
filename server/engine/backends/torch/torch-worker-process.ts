import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { encodeFrame, FrameError, FrameReader, type Frame, type FrameHeader } from "./frame-codec";

/** What a worker says about itself once torch is imported and its device chosen. */
export type WorkerReady = {
  pid: number;
  python: string;
  torch: string;
  /** `cpu` or `cuda:N`. */
  device: string;
  /** The CUDA version when the worker runs on a GPU. */
  cuda: string | null;
  cudaAvailable: boolean;
  deviceCount: number;
  deviceName: string;
  totalMemory: number | null;
};

/** The worker died (crash, kill, OOM) or never started: requests on it cannot complete. */
export class WorkerExitedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerExitedError";
  }
}

/** The worker answered a request with an error: `input` (the request's fault) or `model`. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly kind: "input" | "model",
  ) {
    super(message);
    this.name = "WorkerRequestError";
  }
}

export type WorkerStartOptions = {
  python: string;
  script: string;
  /** `auto` (the first GPU, else the CPU), `cpu` or `cuda:N`. */
  device: string;
  threads: number;
  /** How long importing torch and initialising the device may take. */
  startTimeoutMs: number;
  log: (line: string) => void;
};

type Pending = { resolve: (f: Frame) => void; reject: (e: Error) => void };

const STDERR_TAIL_BYTES = 4096;
const STOP_GRACE_MS = 5_000;

/**
 * One Python worker process and the requests in flight on it. Never throws out of an event
 * handler: EPIPE on a dead worker's stdin, a frame cut short by a crash or a corrupt stream all
 * end in the worker's exit, which rejects every pending request with WorkerExitedError. The engine
 * itself never goes down with a worker.
 */
export class TorchWorkerProcess {
  readonly ready: Promise<WorkerReady>;
  /** Resolves (never rejects) when the process is gone, with why. */
  readonly exited: Promise<string>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly reader = new FrameReader();
  private nextId = 1;
  private stderrTail = "";
  private exitReason: string | undefined;
  private info: WorkerReady | undefined;

  constructor(private readonly opts: WorkerStartOptions) {
    this.child = spawn(opts.python, [opts.script, "--device", opts.device, "--threads", String(opts.threads)], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONUNBUFFERED: "1" },
    });
    let settleReady!: { resolve: (r: WorkerReady) => void; reject: (e: Error) => void };
    this.ready = new Promise<WorkerReady>((resolve, reject) => (settleReady = { resolve, reject }));
    // A worker that never starts is noticed by whoever waits; unobserved, it must not be unhandled.
    this.ready.catch(() => undefined);
    const startTimer = setTimeout(() => {
      this.fail(`did not start within ${opts.startTimeoutMs} ms`);
    }, opts.startTimeoutMs);
    startTimer.unref();

    this.exited = new Promise<string>((resolve) => {
      const onGone = (why: string) => {
        if (this.exitReason !== undefined) return;
        clearTimeout(startTimer);
        const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
        this.exitReason = tail ? `${why}: ${tail}` : why;
        const err = new WorkerExitedError(`the PyTorch worker (${this.label}) ${this.exitReason}`);
        settleReady.reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        resolve(this.exitReason);
      };
      this.child.once("error", (err: NodeJS.ErrnoException) => onGone(err.code === "ENOENT" ? `could not start: ${opts.python} not found` : `could not start: ${err.message}`));
      this.child.once("exit", (code, signal) => onGone(signal ? `exited on ${signal}` : `exited with code ${code}`));
    });

    // EPIPE when the worker is already gone: its exit rejects the requests, nothing to add.
    this.child.stdin.on("error", () => undefined);
    this.child.stdout.on("data", (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.reader.push(chunk);
      } catch (err) {
        this.fail(err instanceof FrameError ? err.message : String(err));
        return;
      }
      for (const frame of frames) this.dispatch(frame, settleReady);
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_BYTES);
      for (const line of text.split("\n")) if (line.trim()) opts.log(line);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** `cpu` / `cuda:0` once ready, the requested device before. */
  get label(): string {
    return this.info?.device ?? this.opts.device;
  }

  /** Sends one request and waits for its answer; rejects with WorkerRequestError or WorkerExitedError. */
  request(header: Omit<FrameHeader, "id">, body: readonly Uint8Array[] = []): Promise<Frame> {
    if (this.exitReason !== undefined) return Promise.reject(new WorkerExitedError(`the PyTorch worker (${this.label}) ${this.exitReason}`));
    const id = this.nextId++;
    const answer = new Promise<Frame>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    for (const piece of encodeFrame({ ...header, id }, body)) this.child.stdin.write(piece);
    return answer;
  }

  /** Closes its stdin (the worker's signal to exit), then kills it if it lingers. */
  async stop(): Promise<void> {
    if (this.exitReason !== undefined) return;
    this.child.stdin.end();
    const kill = setTimeout(() => this.child.kill("SIGKILL"), STOP_GRACE_MS);
    kill.unref();
    await this.exited;
    clearTimeout(kill);
  }

  private dispatch(frame: Frame, settleReady: { resolve: (r: WorkerReady) => void }): void {
    const h = frame.header;
    if (h.id === 0 && h.op === "ready") {
      this.info = {
        pid: Number(h.pid),
        python: String(h.python),
        torch: String(h.torch),
        device: String(h.device),
        cuda: typeof h.cuda === "string" ? h.cuda : null,
        cudaAvailable: h.cuda_available === true,
        deviceCount: Number(h.device_count ?? 0),
        deviceName: String(h.device_name ?? ""),
        totalMemory: typeof h.total_memory === "number" ? h.total_memory : null,
      };
      // What it printed while starting explains a failed start; after that only a crash's last words matter.
      this.stderrTail = "";
      settleReady.resolve(this.info);
      return;
    }
    const p = this.pending.get(h.id);
    if (!p) return;
    this.pending.delete(h.id);
    if (h.ok === true) p.resolve(frame);
    else p.reject(new WorkerRequestError(String(h.error ?? "the worker failed without saying why"), h.kind === "input" ? "input" : "model"));
  }

  /** A worker out of step with the protocol cannot be trusted with another request. */
  private fail(why: string): void {
    this.stderrTail += `\n${why}`;
    this.child.kill("SIGKILL");
  }
}
