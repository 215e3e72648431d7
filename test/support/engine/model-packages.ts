import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildTarGz, type TarItem } from "@/test/support/triton/build-tar";
import { FIXTURES_DIR } from "./mme-endpoint";

export type PackageChanges = {
  /** Rewrites config.pbtxt's text. */
  config?: (text: string) => string;
  /** Files added (or replaced), relative to the model folder: `{"1/extra.bin": bytes}`. */
  files?: Record<string, Uint8Array | string>;
  /** Files left out, relative to the model folder. */
  omit?: string[];
};

/**
 * A Triton package built from `fixtures/models/src/<name>/`, optionally changed: another
 * version_policy, another platform, padding that makes it bigger.
 */
export function packageFromSource(name: string, changes: PackageChanges = {}): Uint8Array {
  const root = join(FIXTURES_DIR, "src", name);
  const files = new Map<string, Uint8Array | string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  for (const path of changes.omit ?? []) files.delete(path);
  if (changes.config) files.set("config.pbtxt", changes.config(readFileSync(join(root, "config.pbtxt"), "utf8")));
  for (const [path, data] of Object.entries(changes.files ?? {})) files.set(path, data);

  const dirs = new Set<string>([name]);
  for (const path of files.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(`${name}/${parts.slice(0, i).join("/")}`);
  }
  const items: TarItem[] = [...dirs].sort().map((d) => ({ name: `${d}/`, type: "dir" }));
  for (const [path, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) items.push({ name: `${name}/${path}`, data });
  return buildTarGz(items);
}

/** Incompressible bytes (a seeded xorshift), so padding really takes room once extracted. */
export function noise(bytes: number, seed = 1): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
