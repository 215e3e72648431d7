import { execFile } from "node:child_process";

/** Which Python the torch worker runs on, or why there is none. */
export type TorchDiscovery =
  | { found: true; python: string; executable: string; torchVersion: string; tried: string[] }
  | { found: false; reason: string; tried: string[] };

/** Where to look when MME_ENGINE_PYTHON is not set: PATH's python3 first, then Debian's (python3-torch). */
export const DEFAULT_PYTHON_CANDIDATES = ["python3", "/usr/bin/python3"] as const;

/**
 * Finds torch without importing it: `find_spec` and the installed version take ~0.1 s, where
 * `import torch` takes seconds of CPU, and every engine (each test file starts one) looks at
 * start. The worker's own import is the real check: if it fails, the runtime says so instead.
 */
const PROBE = [
  "import importlib.util, importlib.metadata, json, sys",
  "spec = importlib.util.find_spec('torch')",
  "v = None",
  "if spec is not None:",
  "    try: v = importlib.metadata.version('torch')",
  "    except Exception: v = 'unknown'",
  "print(json.dumps({'executable': sys.executable, 'torch': v, 'python': sys.version.split()[0]}))",
].join("\n");

const PROBE_TIMEOUT_MS = 15_000;

/**
 * `MME_ENGINE_PYTHON` when set (and only it: a Python named on purpose is not second-guessed),
 * else the first of the candidates that has torch.
 */
export async function findTorchPython(configured: string | undefined, candidates: readonly string[] = DEFAULT_PYTHON_CANDIDATES): Promise<TorchDiscovery> {
  const list = configured ? [configured] : [...candidates];
  const tried: string[] = [];
  for (const python of list) {
    const probe = await probePython(python);
    if (probe.ok && probe.torch) return { found: true, python, executable: probe.executable, torchVersion: probe.torch, tried: [...tried, `${python}: torch ${probe.torch}`] };
    tried.push(`${python}: ${probe.ok ? `Python ${probe.version} (${probe.executable}) has no torch module` : probe.error}`);
  }
  const how = configured
    ? `MME_ENGINE_PYTHON=${configured} has no PyTorch; point it at a Python that does`
    : "no Python with PyTorch was found; install it (Debian: apt-get install python3-torch) or set MME_ENGINE_PYTHON to a Python that has it";
  return { found: false, reason: `${how} (tried ${tried.join("; ")})`, tried };
}

type Probe = { ok: true; executable: string; version: string; torch: string | null } | { ok: false; error: string };

function probePython(python: string): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(python, ["-c", PROBE], { timeout: PROBE_TIMEOUT_MS, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "not found" : code === "EACCES" ? "not executable" : (stderr.trim().split("\n").pop() ?? err.message);
        return resolve({ ok: false, error: why || err.message });
      }
      try {
        const out = JSON.parse(stdout.trim().split("\n").pop() ?? "") as { executable: string; torch: string | null; python: string };
        resolve({ ok: true, executable: out.executable, version: out.python, torch: out.torch });
      } catch {
        resolve({ ok: false, error: `did not answer the probe (${stdout.slice(0, 200)})` });
      }
    });
  });
}
