import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { expect } from "vitest";
import type { BackendCapability, EngineCapabilities } from "@/lib/engine-capabilities";
import { expectAwsError } from "./expect-aws-error";
import { TEST_CONFIG, TEST_CREDENTIALS } from "./start-test-engine";
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
export async function getCapabilities(engineUrl: string): Promise<EngineCapabilities> {
  const url = new URL("/_mme/capabilities", engineUrl);
  const request = { method: "GET", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } };
  const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: TEST_CONFIG.region, service: "sagemaker", sha256: Sha256 });
  const res = await fetch(url, { headers: (await signer.sign(request)).headers });
  expect(res.status).toBe(200);
  return (await res.json()) as EngineCapabilities;
}

/** One backend's entry in `GET /_mme/capabilities`. */
export async function getBackend(engineUrl: string, backend: string): Promise<BackendCapability> {
  return (await getCapabilities(engineUrl)).backends.find((b) => b.backend === backend)!;
}

/** The pid of the first Python worker (listed under PyTorch), while one runs. */
export async function workerPid(engineUrl: string): Promise<number | undefined> {
  return (await getBackend(engineUrl, "pytorch")).workers?.[0]?.pid;
}

/** The fields of the SDK's ModelError the tests read (the engine's code may not import SDK clients). */
type ModelErrorFields = Error & { OriginalStatusCode?: number; OriginalMessage?: string };

/** A ModelError (424) with the container's status and a message matching `message`. */
export async function expectModelError(promise: Promise<unknown>, status: number, message: RegExp): Promise<ModelErrorFields> {
  const err = (await expectAwsError(promise, "ModelError", /^Received (client|server) error/, 424)) as ModelErrorFields;
  expect(err.OriginalStatusCode).toBe(status);
  expect((JSON.parse(err.OriginalMessage!) as { error: string }).error).toMatch(message);
  return err;
}
