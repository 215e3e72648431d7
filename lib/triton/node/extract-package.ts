import { constants } from "node:fs";
import { lstat, mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { ModelConfig } from "../model-config";
import type { CheckOptions, PackageReport } from "../package-report";
import { scanPackage, ScanHookError, type SafeEntry } from "../scan-package";

export interface ExtractResult {
  report: PackageReport;
  /** The fresh folder holding the package (its model folder inside), or null when the package was refused. */
  dir: string | null;
  /** The package's parsed config.pbtxt (null when refused): a loader need not read it back from disk. */
  config: ModelConfig | null;
  /** An ensemble's composing models' configs, by folder. */
  composingConfigs: Record<string, ModelConfig>;
}

// O_EXCL makes open fail on anything already there, a symlink included; O_NOFOLLOW is belt and braces.
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Extracts a Triton package (.tar.gz stream) into a new folder it creates under `parentDir`,
 * streaming each file to disk. Only regular files and folders are written, each strictly
 * inside that folder, and only after the same checks the package checker makes have passed
 * for that entry (they are decided from its header). Any refusal, or a package that would not
 * load, removes the folder again: the caller gets a report and either a whole package or nothing.
 * Node only. Throws only when writing fails (disk full...), after cleaning up.
 */
export async function extractTritonPackage(stream: ReadableStream<Uint8Array>, parentDir: string, options: CheckOptions = {}): Promise<ExtractResult> {
  const root = await mkdtemp(join(resolve(parentDir), "package-"));
  const made = new Set<string>([root]);

  const ensureDir = async (dir: string) => {
    if (made.has(dir)) return;
    try {
      await mkdir(dir, { mode: 0o755 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // Only this function creates folders here, but check anyway: never write through a link.
      const st = await lstat(dir);
      if (!st.isDirectory()) throw new Error(`${dir} exists and is not a folder`);
    }
    made.add(dir);
  };

  const write = async (entry: SafeEntry, data: AsyncIterable<Uint8Array>) => {
    const target = join(root, ...entry.segments);
    // normalizeEntryPath already refused "..", absolute paths and backslashes; this is the last line.
    if (!target.startsWith(root + sep)) throw new Error(`${entry.name} resolves outside the extraction folder`);
    for (let i = 1; i < entry.segments.length; i++) await ensureDir(join(root, ...entry.segments.slice(0, i)));
    if (entry.type === "directory") return ensureDir(target);
    const file = await open(target, CREATE_NEW, 0o644);
    try {
      for await (const chunk of data) await file.write(chunk);
    } finally {
      await file.close();
    }
  };

  let scan;
  try {
    scan = await scanPackage(stream, options, write);
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw e instanceof ScanHookError && e.cause instanceof Error ? e.cause : e;
  }
  if (!scan.report.ok) {
    await rm(root, { recursive: true, force: true });
    return { report: scan.report, dir: null, config: null, composingConfigs: {} };
  }
  return { report: scan.report, dir: root, config: scan.config, composingConfigs: scan.composingConfigs };
}
