import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ENGINE_DEFAULTS, readEngineConfig, type EngineConfig } from "./config";
import { createRouter } from "./http/router";
import { SageMakerBackend } from "./sagemaker/backend/sagemaker-backend";
import { createSageMakerHandler } from "./sagemaker/protocol";
import { openDatabase } from "./store/open-database";
import { SageMakerStore } from "./store/sagemaker-store";

export type StartEngineOptions = {
  /** 0 (the default here) picks a free port. */
  port?: number;
  dataDir: string;
  /** Overrides of the environment's configuration (tests use a short transitionMs). */
  config?: Partial<EngineConfig>;
};

export type RunningEngine = { url: string; port: number; close(): Promise<void> };

/**
 * Opens the engine's state under `dataDir` and serves every AWS API it speaks on one loopback
 * port. Used by main.ts and, in-process, by tests.
 */
export async function startEngine(opts: StartEngineOptions): Promise<RunningEngine> {
  const config: EngineConfig = { ...readEngineConfig(), ...opts.config };
  const db = openDatabase(opts.dataDir);
  const sagemaker = new SageMakerBackend({
    store: new SageMakerStore(db),
    region: config.region,
    accountId: config.accountId,
    transitionMs: config.transitionMs,
  });
  const server = createServer(
    createRouter({
      services: { sagemaker: createSageMakerHandler(sagemaker) },
      region: config.region,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    }),
  );
  // Loopback only: the engine's keys are well known, so it must never be reachable from outside.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, ENGINE_DEFAULTS.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    sagemaker.close();
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      sagemaker.close();
      server.close(() => {
        db.close();
        resolve();
      });
      // Keep-alive sockets would hold close() open until they time out.
      server.closeAllConnections();
    }));
  return { url: `http://${ENGINE_DEFAULTS.host}:${port}`, port, close };
}
