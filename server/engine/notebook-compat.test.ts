import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_CONFIG, type TestEngine } from "@/test/support/engine/start-test-engine";
import { SKIP_TORCH } from "@/test/support/engine/torch-python";

/**
 * AWS's two GPU MME sample notebooks (ResNet50 with PyTorch and TensorRT; five BERT models),
 * every boto3 call replayed in the notebooks' order and as they write it, against a real engine:
 * test/notebooks/resnet50_mme.py and bert_mme.py (see test/notebooks/README.md). Each script prints
 * one JSON line per step; here every step of a group must pass (the AWS CLI's may be pending
 * outside CI, where it may not be installed).
 *
 * Needs a python3 with boto3 and numpy. Outside CI the suite skips without one; under CI (`CI`
 * set) it runs and fails, as the AWS CLI and torch tests do.
 */
const ROOT = process.cwd();
const NOTEBOOKS_DIR = join(ROOT, "test/notebooks");

function findBoto3Python(): string | undefined {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    try {
      execFileSync(candidate, ["-c", "import boto3, numpy"], { stdio: "ignore", timeout: 30_000 });
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

const PYTHON = findBoto3Python();
const SKIP = PYTHON === undefined && !process.env.CI;

type Step = { notebook: string; group: string; step: string; status: "passed" | "failed" | "pending"; detail: unknown };
type Run = { code: number; steps: Step[]; done: boolean; stderr: string; stdout: string };

function runPython(args: string[], extraEnv: Record<string, string>, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!PYTHON) throw new Error("no python3 with boto3 and numpy: CI must install python3-boto3 and python3-numpy");
  return new Promise((resolve) => {
    // Asynchronous: the engine runs in this process and must keep answering while the script runs.
    const env = { NODE_ENV: "test" as const, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PYTHONDONTWRITEBYTECODE: "1", ...(process.env.CI ? { CI: process.env.CI } : {}), ...extraEnv };
    execFile(PYTHON, args, { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function runNotebook(engine: TestEngine, script: string): Promise<Run> {
  const env = {
    MME_ENGINE_URL: engine.url,
    MME_ENGINE_ACCESS_KEY_ID: TEST_CONFIG.accessKeyId,
    MME_ENGINE_SECRET_ACCESS_KEY: TEST_CONFIG.secretAccessKey,
    MME_ENGINE_REGION: TEST_CONFIG.region,
    MME_ENGINE_ACCOUNT_ID: TEST_CONFIG.accountId,
    MME_NOTEBOOK_FIXTURES: join(ROOT, "fixtures/models/notebooks"),
    MME_NOTEBOOK_POLL_S: "0.2",
  };
  const out = await runPython([join(NOTEBOOKS_DIR, script)], env, 240_000);
  const steps: Step[] = [];
  let done = false;
  for (const line of out.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const parsed = JSON.parse(line) as Partial<Step> & { done?: boolean };
    if (parsed.done) done = true;
    else if (parsed.step) steps.push(parsed as Step);
  }
  return { ...out, steps, done };
}

function formatSteps(steps: Step[]): string {
  return steps.map((s) => `  [${s.status}] ${s.step}: ${typeof s.detail === "string" ? s.detail : JSON.stringify(s.detail)}`).join("\n");
}

/** Pending is accepted only for the AWS CLI missing outside CI. */
function pendingAllowed(step: Step): boolean {
  return step.group === "cli" && !process.env.CI;
}

const NOTEBOOKS = [
  {
    title: "resnet50_mme_with_gpu.ipynb (PyTorch and TensorRT ResNet50)",
    script: "resnet50_mme.py",
    groups: ["setup", "deploy", "autoscaling", "invoke", "cli", "cloudwatch", "cleanup"],
    skip: SKIP_TORCH,
  },
  {
    title: "sm-triton_mme_bert_trt.ipynb (six BERT packages)",
    script: "bert_mme.py",
    groups: ["setup", "deploy", "invoke", "trt", "cli", "cloudwatch", "cleanup"],
    skip: false,
  },
];

describe.skipIf(SKIP)(`AWS's GPU MME sample notebooks through boto3 (${PYTHON ?? "no python3 with boto3 and numpy"})`, () => {
  let engine: TestEngine;

  beforeAll(async () => {
    // Instance gauges (LoadedModelCount) every 500 ms instead of 10 s, so the CloudWatch reads see them soon.
    engine = await startTestEngine({ config: { metricsSampleMs: 500 } });
  });
  afterAll(async () => {
    await engine?.cleanup();
  });

  it("tritonclient_lite builds and reads Triton's binary+json bodies byte for byte", async () => {
    const out = await runPython(["-m", "unittest", "discover", "-s", NOTEBOOKS_DIR, "-p", "test_*.py"], {}, 60_000);
    expect(out.code, out.stderr).toBe(0);
  });

  for (const notebook of NOTEBOOKS) {
    describe.skipIf(notebook.skip)(notebook.title, () => {
      let run: Run;

      beforeAll(async () => {
        run = await runNotebook(engine, notebook.script);
      }, 300_000);

      it("runs to its end", () => {
        const tail = `exit ${run.code}\n${run.stderr.slice(-4000)}\nlast steps:\n${formatSteps(run.steps.slice(-3))}`;
        expect(run.done, tail).toBe(true);
        const groups = new Set(run.steps.map((s) => s.group));
        expect([...groups].sort()).toEqual([...notebook.groups].sort());
      });

      it.each(notebook.groups)("%s steps pass", (group) => {
        const steps = run.steps.filter((s) => s.group === group);
        expect(steps.length, `no ${group} steps ran`).toBeGreaterThan(0);
        const wrong = steps.filter((s) => s.status === "failed" || (s.status === "pending" && !pendingAllowed(s)));
        expect(wrong.length, `${wrong.length} of ${steps.length} ${group} steps failed:\n${formatSteps(wrong)}`).toBe(0);
      });
    });
  }
});
