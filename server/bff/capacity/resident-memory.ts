import "server-only";
import { backendConfig } from "@/server/aws/client-factory";
import { getResidency } from "@/server/bff/metrics/get-residency";

/**
 * The memory the engine accounted for each target model it holds now or loaded recently (its
 * residency snapshot: resident models, and the bytes of the last 100 loads per instance), the
 * largest figure an instance gave. Empty on AWS: SageMaker shows no per-model memory.
 */
export async function residentMemory(endpoint: string): Promise<Map<string, number>> {
  const bytes = new Map<string, number>();
  if (backendConfig().kind === "aws") return bytes;
  const view = await getResidency(endpoint);
  if (!view.available) return bytes;
  const keep = (targetModel: string, b: number | undefined) => {
    if (b !== undefined && b > 0) bytes.set(targetModel, Math.max(b, bytes.get(targetModel) ?? 0));
  };
  for (const fleet of view.fleets) {
    for (const instance of fleet.instances) {
      if (!instance.started) continue;
      for (const m of instance.models) if (m.state === "loaded") keep(m.targetModel, m.bytes);
      for (const e of instance.recent) if (e.kind === "load") keep(e.targetModel, e.bytes);
    }
  }
  return bytes;
}
