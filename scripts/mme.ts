/**
 * The project's command line.
 *
 *   npm run mme -- validate <package.tar.gz> [--json]
 *   npm run mme -- verify --endpoint <name> --model <name> [--version <N>] [--region ...] [--endpoint-url ...]
 *   npm run mme -- capacity <endpoint> [--range 1h|1d|1w] [--target-hit-ratio <0..1>] [--json]
 *
 * validate: checks a Triton model package as the console does before an upload. Exit status
 * 0 when Triton would load it, 1 when not, 2 for a usage error (or a file that cannot be read).
 * verify: loads and invokes a version on its endpoint as the console does after an upload
 * (scripts/mme-verify.ts). Exit status 0 verified, 1 failed, 2 usage error or not checked.
 * capacity: the endpoint's capacity plan, as its Capacity tab (scripts/mme-capacity.ts). Exit
 * status 0 planned, 1 failed, 2 usage error.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { formatBytes } from "../lib/format-bytes";
import { checkTritonPackage, type PackageReport, type TensorSignature } from "../lib/triton/check-package";

const USAGE = `usage: npm run mme -- validate <package.tar.gz> [--json]
       npm run mme -- verify --endpoint <name> --model <name> [--version <N>] [--region <region>] [--endpoint-url <url>]
       npm run mme -- capacity <endpoint> [--range 1h|1d|1w] [--target-hit-ratio <0..1>] [--json]

  validate   check a Triton model package (.tar.gz): layout, config.pbtxt, safety
  --json     print the report as JSON
  verify     load and invoke a model version on its endpoint (npm run mme -- verify --help)
  capacity   plan instance type and count from the endpoint's traffic (npm run mme -- capacity --help)

exit status: validate 0 the package would load, 1 it would not, 2 usage error;
             verify 0 verified, 1 failed, 2 usage error or not checked;
             capacity 0 planned, 1 failed, 2 usage error`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "verify") {
    // Loaded only for verify: it reaches the console's server code, which needs the react-server condition.
    const { verifyCommand, VERIFY_USAGE } = await import("./mme-verify");
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(VERIFY_USAGE);
      return 0;
    }
    return verifyCommand(argv.slice(1));
  }
  if (argv[0] === "capacity") {
    const { capacityCommand, CAPACITY_USAGE } = await import("./mme-capacity");
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(CAPACITY_USAGE);
      return 0;
    }
    return capacityCommand(argv.slice(1));
  }
  const json = argv.includes("--json");
  const args = argv.filter((a) => a !== "--json");
  if (args[0] === "--help" || args[0] === "-h") {
    console.log(USAGE);
    return 0;
  }
  const unknownFlag = args.find((a) => a.startsWith("-"));
  if (args[0] !== "validate" || args.length !== 2 || unknownFlag) {
    console.error(unknownFlag ? `unknown option ${unknownFlag}\n\n${USAGE}` : USAGE);
    return 2;
  }
  const file = args[1]!;
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error("not a regular file");
    size = st.size;
  } catch (e) {
    console.error(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }

  const stream = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  const report = await checkTritonPackage(stream, { compressedSize: size });
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(file, report));
  return report.ok ? 0 : 1;
}

function formatReport(file: string, r: PackageReport): string {
  const lines: string[] = [];
  lines.push(r.ok ? `OK    ${file}: Triton would load this package` : `FAIL  ${file}: Triton would not load this package`);
  if (r.modelName) {
    lines.push("");
    lines.push(`model          ${r.modelName}`);
    const runtime = [r.platform && `platform ${r.platform}`, r.backend && `backend ${r.backend}`, r.filModelType && `model_type ${r.filModelType}`].filter(Boolean).join(", ");
    lines.push(`runtime        ${runtime || "—"} (framework ${r.framework})`);
    if (r.maxBatchSize !== null) lines.push(`max batch      ${r.maxBatchSize === 0 ? "0 (no batching)" : r.maxBatchSize}`);
  }
  if (r.inputs.length + r.outputs.length > 0) {
    lines.push("");
    const rows = [...r.inputs.map((t) => ["input", t] as const), ...r.outputs.map((t) => ["output", t] as const)];
    const width = Math.max(...rows.map(([, t]) => t.name.length));
    const typeWidth = Math.max(12, ...rows.map(([, t]) => dataType(t).length + 2));
    for (const [kind, t] of rows) lines.push(`${kind.padEnd(7)}${t.name.padEnd(width + 2)}${dataType(t).padEnd(typeWidth)}${dims(t)}`);
  }
  if (r.versions.length > 0) {
    lines.push("");
    for (const v of r.versions) lines.push(`version ${String(v.version).padEnd(6)} ${formatBytes(v.bytes).padStart(10)}  ${v.files.join(", ") || "(empty)"}`);
  }
  lines.push("");
  lines.push(`size           ${formatBytes(r.totalBytes)} unpacked, ${formatBytes(r.compressedBytes)} compressed, ${r.entries} entries`);
  if (r.errors.length > 0) {
    lines.push("");
    lines.push(`${r.errors.length} error${r.errors.length === 1 ? "" : "s"}:`);
    for (const e of r.errors) lines.push(`  ✗ [${e.code}] ${e.message}${e.entry && !e.message.includes(e.entry) ? `  (entry ${e.entry})` : ""}`);
  }
  if (r.warnings.length > 0) {
    lines.push("");
    lines.push(`${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}:`);
    for (const w of r.warnings) lines.push(`  ! ${w.message}`);
  }
  return lines.join("\n");
}

/** The type as the config wrote it; one Triton does not know is marked (the errors below name it). */
function dataType(t: TensorSignature): string {
  return t.unknownDataType !== undefined ? `${t.unknownDataType} (unknown)` : t.dataType;
}

function dims(t: TensorSignature): string {
  const d = `[${t.dims.join(", ")}]`;
  return t.reshape ? `${d} reshaped to [${t.reshape.join(", ")}]` : d;
}

// exitCode, not exit(): a large --json report piped elsewhere must be flushed first.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
