/**
 * `npm run bench:torch`: PyTorch models on the local engine under memory pressure. Generates a
 * TorchScript model of `--model-mb` MiB with the worker's own Python, registers `--copies` copies
 * of it on one MME endpoint whose instance's memory budget (MME_ENGINE_INSTANCE_MEMORY_BYTES) is
 * `--budget-fraction` of their total, and replays a Zipf trace through InvokeEndpoint. Reports load
 * time, warm latency, evictions, peak accounted memory against the budget and the worker's device
 * memory, and errors; writes bench/results/torch.json. The baseline, measured in the same run by
 * the same Python on the same device: torch.jit.load of the file and forward() of one row.
 * Then (part `batching`, batching-case.ts) Triton's dynamic batcher on the worker: the engine
 * bench's MLP as TorchScript with `instance_group [{ count: 2 }]`, at concurrency 16, against the
 * worker's own forward() on batches of the sizes formed, measured by the same Python.
 *
 *   npm run bench:torch                      200 copies of 256 MiB on a GPU; 40 of 16 MiB on a CPU
 *   npm run bench:torch -- --quick           16 copies of 4 MiB, 400 requests (a few minutes on 2 cores)
 *   npm run bench:torch -- --parts batching  only the dynamic batching part (parts: trace, batching)
 *   npm run bench:torch -- --copies 200 --model-mb 256 --requests 5000 --budget-fraction 0.5
 *   ... --max-seconds 360                    stop sending after 6 minutes and report what was done
 *                                            (a device lent for minutes: results must come back)
 *
 * Figures are reported, never asserted.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findTorchPython } from "@/server/engine/backends/torch/find-torch-python";
import { REPO_ROOT } from "../engine/engine-process";
import { machineInfo } from "../engine/machine-info";
import { formatTable } from "../engine/report-table";
import { runTorchBatching } from "./batching-case";
import { runTrace } from "./trace-case";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    parts: { type: "string", default: "trace,batching" },
    copies: { type: "string" },
    "model-mb": { type: "string" },
    requests: { type: "string" },
    "budget-fraction": { type: "string", default: "0.5" },
    concurrency: { type: "string", default: "4" },
    "max-seconds": { type: "string" },
    zipf: { type: "string", default: "1.0" },
    out: { type: "string", default: join(REPO_ROOT, "bench/results/torch.json") },
  },
});

const started = Date.now();
const log = (msg: string) => process.stderr.write(`[bench:torch +${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}\n`);

async function main() {
  const found = await findTorchPython(process.env.MME_ENGINE_PYTHON);
  if (!found.found) throw new Error(`bench:torch needs PyTorch: ${found.reason}`);
  const parts = new Set(args.parts!.split(",").map((p) => p.trim()));
  const work = mkdtempSync(join(tmpdir(), "mme-bench-torch-"));
  try {
    const results: Record<string, unknown> = { machine: machineInfo(), parts: [...parts] };
    if (parts.has("trace")) Object.assign(results, await runTrace(found.executable, work, { ...args, quick: args.quick! }, log));
    if (parts.has("batching")) {
      const quick = args.quick!;
      const b = await runTorchBatching(found.executable, work, { concurrency: 16, rounds: quick ? 2 : 3, seconds: quick ? 3 : 10, warmupSeconds: quick ? 1 : 2 }, log);
      console.log(formatTable(b.rows));
      results.batching = b.results;
    }
    mkdirSync(join(args.out!, ".."), { recursive: true });
    writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${args.out}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
