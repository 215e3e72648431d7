import { execFile } from "node:child_process";

/** What one Python said about itself: its interpreter, and the versions of torch and numpy it has (null: none). */
export type PythonProbe =
  | { python: string; ok: true; executable: string; version: string; torch: string | null; numpy: string | null }
  | { python: string; ok: false; error: string };

/**
 * The Python the worker runs on, chosen once for the whole process: the same worker hosts
 * TorchScript (needs torch) and Python-backend models (need numpy). `chosen` is undefined when no
 * candidate has either.
 */
export type WorkerDiscovery = {
  /** MME_ENGINE_PYTHON as set, or undefined (then the candidates were looked at). */
  configured: string | undefined;
  chosen: Extract<PythonProbe, { ok: true }> | undefined;
  probes: PythonProbe[];
};

/** Which Python the torch worker runs on, or why there is none. */
export type TorchDiscovery =
  | { found: true; python: string; executable: string; torchVersion: string; tried: string[] }
  | { found: false; reason: string; tried: string[] };

/** Which Python runs Python-backend models (one with numpy), or why there is none. */
export type NumpyDiscovery = { found: true; python: string; executable: string; numpyVersion: string } | { found: false; reason: string };

/** Where to look when MME_ENGINE_PYTHON is not set: PATH's python3 first, then Debian's (python3-torch). */
export const DEFAULT_PYTHON_CANDIDATES = ["python3", "/usr/bin/python3"] as const;

/**
 * Finds torch and numpy without importing either: `find_spec` and the installed versions take
 * ~0.1 s, where `import torch` takes seconds of CPU, and every engine (each test file starts one)
 * looks at start. The worker's own imports are the real check: if they fail, the runtime says so.
 */
const PROBE = [
  "import importlib.util, importlib.metadata, json, sys",
  "def v(name):",
  "    if importlib.util.find_spec(name) is None: return None",
  "    try: return importlib.metadata.version(name)",
  "    except Exception: return 'unknown'",
  "print(json.dumps({'executable': sys.executable, 'torch': v('torch'), 'numpy': v('numpy'), 'python': sys.version.split()[0]}))",
].join("\n");

const PROBE_TIMEOUT_MS = 15_000;

/**
 * `MME_ENGINE_PYTHON` when set (and only it: a Python named on purpose is not second-guessed),
 * else the candidates in order, each probed. The chosen one is the first with both torch and
 * numpy, else the first with torch (PyTorch models run, Python models are refused saying numpy
 * is missing), else the first with numpy (Python models run, PyTorch models are refused). Both
 * kinds share one worker process, so there is one Python, not one per kind.
 */
export async function findWorkerPython(configured: string | undefined, candidates: readonly string[] = DEFAULT_PYTHON_CANDIDATES): Promise<WorkerDiscovery> {
  const list = configured ? [configured] : [...candidates];
  const probes: PythonProbe[] = [];
  for (const python of list) probes.push(await probePython(python));
  const ok = probes.filter((p): p is Extract<PythonProbe, { ok: true }> => p.ok);
  const chosen = ok.find((p) => p.torch && p.numpy) ?? ok.find((p) => p.torch) ?? ok.find((p) => p.numpy);
  return { configured, chosen, probes };
}

/** PyTorch's view of a discovery: the chosen Python when it has torch, else why not (the wording tests and the console show). */
export function torchOf(d: WorkerDiscovery): TorchDiscovery {
  const tried = d.probes.map((p) => (p.ok ? (p.torch ? `${p.python}: torch ${p.torch}` : `${p.python}: Python ${p.version} (${p.executable}) has no torch module`) : `${p.python}: ${p.error}`));
  const c = d.chosen;
  if (c?.torch) return { found: true, python: c.python, executable: c.executable, torchVersion: c.torch, tried: tried.slice(0, d.probes.indexOf(c) + 1) };
  const how = d.configured
    ? `MME_ENGINE_PYTHON=${d.configured} has no PyTorch; point it at a Python that does`
    : "no Python with PyTorch was found; install it (Debian: apt-get install python3-torch) or set MME_ENGINE_PYTHON to a Python that has it";
  return { found: false, reason: `${how} (tried ${tried.join("; ")})`, tried };
}

/** The Python backend's view of a discovery: the chosen Python when it has numpy, else why not. */
export function numpyOf(d: WorkerDiscovery): NumpyDiscovery {
  const c = d.chosen;
  if (c?.numpy) return { found: true, python: c.python, executable: c.executable, numpyVersion: c.numpy };
  const tried = d.probes.map((p) => (p.ok ? `${p.python}: Python ${p.version} (${p.executable}) ${p.numpy ? `has numpy ${p.numpy}` : "has no numpy module"}` : `${p.python}: ${p.error}`));
  const how = c
    ? `the worker's Python ${c.python} (${c.executable}, chosen for its PyTorch) has no numpy, which Python models get their tensors in; install numpy there (Debian: apt-get install python3-numpy) or set MME_ENGINE_PYTHON to a Python that has both`
    : d.configured
      ? `MME_ENGINE_PYTHON=${d.configured} has no numpy, which Python models get their tensors in; point it at a Python that has it`
      : "no Python with numpy was found; install it (Debian: apt-get install python3-numpy) or set MME_ENGINE_PYTHON to a Python that has it";
  return { found: false, reason: `${how} (tried ${tried.join("; ")})` };
}

/** The first Python that has torch, as the engine would choose it (bench and tests). */
export async function findTorchPython(configured: string | undefined, candidates: readonly string[] = DEFAULT_PYTHON_CANDIDATES): Promise<TorchDiscovery> {
  return torchOf(await findWorkerPython(configured, candidates));
}

function probePython(python: string): Promise<PythonProbe> {
  return new Promise((resolve) => {
    execFile(python, ["-c", PROBE], { timeout: PROBE_TIMEOUT_MS, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "not found" : code === "EACCES" ? "not executable" : (stderr.trim().split("\n").pop() ?? err.message);
        return resolve({ python, ok: false, error: why || err.message });
      }
      try {
        const out = JSON.parse(stdout.trim().split("\n").pop() ?? "") as { executable: string; torch: string | null; numpy: string | null; python: string };
        resolve({ python, ok: true, executable: out.executable, version: out.python, torch: out.torch, numpy: out.numpy });
      } catch {
        resolve({ python, ok: false, error: `did not answer the probe (${stdout.slice(0, 200)})` });
      }
    });
  });
}
