import { cpus, totalmem } from "node:os";
import { readFileSync } from "node:fs";

export function machineInfo() {
  const cpu = cpus();
  let onnxruntime = "unknown";
  try {
    onnxruntime = (JSON.parse(readFileSync(new URL("../../node_modules/onnxruntime-node/package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    // reported as unknown
  }
  return {
    date: new Date().toISOString(),
    cpu_model: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    onnxruntime_node: onnxruntime,
  };
}
