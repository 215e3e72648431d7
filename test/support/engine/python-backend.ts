import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findWorkerPython, numpyOf } from "@/server/engine/backends/torch/find-torch-python";

/**
 * The Python-backend tests need a Python with numpy (the worker's, as the engine chooses it).
 * Outside CI they skip without one (said in the skip's name); under CI (`CI` set) they run and
 * fail: the CI's Debian python3-torch brings numpy to /usr/bin/python3.
 */
export const NUMPY = numpyOf(await findWorkerPython(process.env.MME_ENGINE_PYTHON));
export const SKIP_PYTHON = !NUMPY.found && !process.env.CI;

/**
 * A wrapper script, as users point MME_ENGINE_PYTHON at one: it sets `env` (PYTHONPATH, a
 * variable) and then execs `python` with the arguments it was given. Only a worker started
 * through it sees what it sets.
 */
export function pythonWrapper(python: string, env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mme-python-wrapper-"));
  const path = join(dir, "python3");
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
    .join("\n");
  writeFileSync(path, `#!/bin/sh\n${exports}\nexec ${python} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A Python that certainly has numpy and no torch, whatever the machine has installed: a virtual
 * environment without system packages (made from `base`, a Python with numpy), behind a wrapper
 * whose PYTHONPATH holds only links to numpy's package (and its bundled libraries, for a wheel).
 */
export function pythonWithNumpyOnly(base: string): string {
  const root = mkdtempSync(join(tmpdir(), "mme-numpy-only-"));
  const venv = join(root, "venv");
  execFileSync(base, ["-m", "venv", "--without-pip", venv]);
  const numpyDir = execFileSync(base, ["-c", "import importlib.util; print(list(importlib.util.find_spec('numpy').submodule_search_locations)[0])"], { encoding: "utf8" }).trim();
  const site = join(root, "site");
  execFileSync("mkdir", [site]);
  symlinkSync(numpyDir, join(site, "numpy"));
  const libs = join(dirname(numpyDir), "numpy.libs");
  if (existsSync(libs)) symlinkSync(libs, join(site, "numpy.libs"));
  return pythonWrapper(join(venv, "bin", "python3"), { PYTHONPATH: site });
}
