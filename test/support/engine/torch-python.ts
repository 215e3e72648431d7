import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackendCapability, EngineCapabilities } from "@/lib/engine-capabilities";
import { signedEngineGet } from "./signed-engine-get";
import { findTorchPython } from "@/server/engine/backends/torch/find-torch-python";

/**
 * The torch tests need a Python with PyTorch. Outside CI they skip without one (said once, in
 * the skip's name); under CI (`CI` set) they run and fail, and .ci/run installs Debian's
 * python3-torch where it is missing.
 */
export const TORCH = await findTorchPython(process.env.MME_ENGINE_PYTHON);
export const SKIP_TORCH = !TORCH.found && !process.env.CI;

/** A Python that certainly has no torch: Debian's (or PATH's) without site-packages (`-S`). */
export function pythonWithoutTorch(): string {
  const dir = mkdtempSync(join(tmpdir(), "mme-no-torch-"));
  const base = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const path = join(dir, "python3");
  writeFileSync(path, `#!/bin/sh\nexec ${base} -S "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** `GET /_mme/capabilities`, signed like the console signs it. */
export function getCapabilities(engineUrl: string): Promise<EngineCapabilities> {
  return signedEngineGet<EngineCapabilities>(engineUrl, "/_mme/capabilities");
}

/** One backend's entry in `GET /_mme/capabilities`. */
export async function getBackend(engineUrl: string, backend: string): Promise<BackendCapability> {
  return (await getCapabilities(engineUrl)).backends.find((b) => b.backend === backend)!;
}

/** The pid of the first Python worker (listed under PyTorch), while one runs. */
export async function workerPid(engineUrl: string): Promise<number | undefined> {
  return (await getBackend(engineUrl, "pytorch")).workers?.[0]?.pid;
}

