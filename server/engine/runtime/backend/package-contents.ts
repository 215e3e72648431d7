import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { checkLayout, type ModelCheck, type PackageTree } from "@/lib/triton/check-layout";
import { DEFAULT_PACKAGE_LIMITS, type PackageReport, type VersionReport } from "@/lib/triton/check-package";
import type { ModelConfig } from "@/lib/triton/model-config";
import { ModelLoadError } from "../../backends/model-backend";

/** One model of an extracted package: its folder on disk, its config and its version folders. */
export type PackageModel = { dir: string; config: ModelConfig; versions: readonly VersionReport[] };

/** What an extracted package holds: the model registered under the target model and, for an ensemble, its composing models by folder. */
export type PackageContents = { folder: string; top: PackageModel; composing: ReadonlyMap<string, PackageModel> };

/** What the extraction learned (the report and the parsed configs): a first load needs no second read of the disk. */
export function contentsFromExtraction(folder: string, report: PackageReport, config: ModelConfig, composingConfigs: Record<string, ModelConfig>): PackageContents {
  const composing = new Map<string, PackageModel>();
  for (const part of report.composingModels) {
    const partConfig = composingConfigs[part.name];
    if (partConfig) composing.set(part.name, { dir: join(folder, part.name), config: partConfig, versions: part.versions });
  }
  return { folder, top: { dir: join(folder, report.modelFolder ?? ""), config, versions: report.versions }, composing };
}

/**
 * A package already on the instance's disk (extracted earlier, then unloaded from memory): read
 * back and laid out by the same rules as at extraction, so both paths agree on what it holds.
 */
export async function readPackageContents(folder: string): Promise<PackageContents> {
  const tree: PackageTree = { entries: 0, topFolders: [], topFiles: [], files: new Map(), dirs: new Set(), configs: new Map() };
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const path = relative(folder, join(entry.parentPath, entry.name)).split(sep).join("/");
    const segments = path.split("/");
    tree.entries++;
    if (segments.length === 1 && entry.isDirectory()) tree.topFolders.push(path);
    if (segments.length === 1 && entry.isFile()) tree.topFiles.push(path);
    for (let i = 1; i < segments.length; i++) tree.dirs.add(segments.slice(0, i).join("/"));
    if (entry.isDirectory()) tree.dirs.add(path);
    if (!entry.isFile()) continue;
    const full = join(folder, path);
    const { size } = await stat(full);
    tree.files.set(path, size);
    if (segments.at(-1) === "config.pbtxt" && segments.length <= 2) tree.configs.set(segments.length === 2 ? segments[0]! : "", { text: await readFile(full, "utf8") });
  }
  const layout = checkLayout(tree, DEFAULT_PACKAGE_LIMITS.maxConfigBytes);
  const model = (m: ModelCheck): PackageModel => {
    if (!m.config) throw new ModelLoadError(`the package in ${folder} no longer checks: ${layout.errors.map((e) => e.message).join("; ")}`, 400);
    return { dir: join(folder, m.folder), config: m.config, versions: m.versions };
  };
  return { folder, top: model(layout), composing: new Map(layout.composing.map((m) => [m.folder, model(m)])) };
}
