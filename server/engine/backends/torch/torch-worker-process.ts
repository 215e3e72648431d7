import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { encodeFrame, FrameError, FrameReader, type Frame, type FrameHeader } from "./frame-codec";

/** What a worker says about itself as soon as it runs (before any torch import). */
export type WorkerReady = {
  pid: number;
  /** The interpreter (sys.executable): what the worker runs on, not how it was started. */
  python: string;
  pythonVersion: string;
  /** numpy's version, or null when the worker cannot import it (then Python models are refused). */
  numpy: string | null;
  numpyError: string | null;
};

/** What a worker says once torch is imported and its device chosen (the `torch` request). */
export type TorchReady = {
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

/**
 * The worker answered a request with an error: `input` (the request's fault), `model`, or
 * `torch` (torch is not there or does not import). `status`: the HTTP status a Python model's
 * failure carries (Triton's for its error code), when the worker gave one.
 */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly kind: "input" | "model" | "torch",
    readonly status?: number,
  ) {
    super(message);
    this.name = "WorkerRequestError";
  }
}

export type WorkerStartOptions = {
  /** The command the worker is started with, exactly as configured (a wrapper script stays a wrapper). */
  python: string;
  script: string;
  /** The Python backend's folder (python_model_host.py, stub/triton_python_backend_utils.py). */
  pythonBackendDir: string;
  /** `auto` (the first GPU, else the CPU), `cpu` or `cuda:N`: where torch puts models once imported. */
  device: string;
  threads: number;
  /** How long starting Python (and, asked separately, importing torch and initialising the device) may take. */
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
export class WorkerProcess {
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
  /** Set by the supervisor once the worker answered `torch`. */
  torchInfo: TorchReady | undefined;

  constructor(private readonly opts: WorkerStartOptions) {
    this.child = spawn(opts.python, [opts.script, "--device", opts.device, "--threads", String(opts.threads), "--python-backend", opts.pythonBackendDir], {
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
    // Started: the timer must not outlive the start (it once killed every worker 2 minutes after it
    // was ready, reloading its models and failing the requests in flight).
    void this.ready.then(() => clearTimeout(startTimer), () => undefined);

    this.exited = new Promise<string>((resolve) => {
      const onGone = (why: string) => {
        if (this.exitReason !== undefined) return;
        clearTimeout(startTimer);
        const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
        this.exitReason = tail ? `${why}: ${tail}` : why;
        const err = new WorkerExitedError(`${this.title} ${this.exitReason}`);
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

  /** `cpu` / `cuda:0` once torch chose, the requested device before (`auto` is the CPU until torch finds a GPU). */
  get label(): string {
    return this.torchInfo?.device ?? (this.opts.device === "auto" ? "cpu" : this.opts.device);
  }

  /** How errors name it: "the PyTorch worker (cpu)" once torch runs in it, else "the Python worker (cpu)". */
  get title(): string {
    return `the ${this.torchInfo ? "PyTorch" : "Python"} worker (${this.label})`;
  }

  /** Sends one request and waits for its answer; rejects with WorkerRequestError or WorkerExitedError. */
  request(header: Omit<FrameHeader, "id">, body: readonly Uint8Array[] = []): Promise<Frame> {
    if (this.exitReason !== undefined) return Promise.reject(new WorkerExitedError(`${this.title} ${this.exitReason}`));
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
        pythonVersion: String(h.python_version ?? ""),
        numpy: typeof h.numpy === "string" ? h.numpy : null,
        numpyError: typeof h.numpy_error === "string" ? h.numpy_error : null,
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
    else {
      const kind = h.kind === "input" || h.kind === "torch" ? h.kind : "model";
      p.reject(new WorkerRequestError(String(h.error ?? "the worker failed without saying why"), kind, typeof h.status === "number" ? h.status : undefined));
    }
  }

  /** Kills the worker, saying why (a corrupt stream, a request that never answers): a worker out of step cannot be trusted with another request. */
  fail(why: string): void {
    this.stderrTail += `\n${why}`;
    this.child.kill("SIGKILL");
  }
}
