import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE_DEFAULTS, type EngineConfig } from "@/server/engine/config";
import { startEngine, type RunningEngine } from "@/server/engine/start-engine";

/** The identity every test engine runs with, whatever MME_ENGINE_* the shell has set. */
export const TEST_CONFIG: EngineConfig = {
  accessKeyId: ENGINE_DEFAULTS.accessKeyId,
  secretAccessKey: ENGINE_DEFAULTS.secretAccessKey,
  region: "us-east-1",
  accountId: "000000000000",
  transitionMs: 200,
  s3MinPartSizeBytes: ENGINE_DEFAULTS.s3MinPartSizeBytes,
  instanceMemoryBytes: undefined,
  instanceDiskBytes: ENGINE_DEFAULTS.instanceDiskBytes,
  loadWaitMs: ENGINE_DEFAULTS.loadWaitMs,
  evictionPolicy: ENGINE_DEFAULTS.evictionPolicy,
  metricsSampleMs: ENGINE_DEFAULTS.metricsSampleMs,
  recordMetrics: true,
  metricsMaxSeries: ENGINE_DEFAULTS.metricsMaxSeries,
  scalingPeriodS: ENGINE_DEFAULTS.scalingPeriodS,
};

export const TEST_CREDENTIALS = { accessKeyId: TEST_CONFIG.accessKeyId, secretAccessKey: TEST_CONFIG.secretAccessKey };

export type TestEngine = RunningEngine & { dataDir: string; cleanup(): Promise<void> };

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "mme-engine-test-"));
}

/** A real engine on a free port over a fresh temporary data dir (or the given one). */
export async function startTestEngine(opts: { dataDir?: string; config?: Partial<EngineConfig> } = {}): Promise<TestEngine> {
  const dataDir = opts.dataDir ?? makeDataDir();
  const engine = await startEngine({ port: 0, dataDir, config: { ...TEST_CONFIG, ...opts.config } });
  return {
    ...engine,
    dataDir,
    async cleanup() {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until `done` accepts its result, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
