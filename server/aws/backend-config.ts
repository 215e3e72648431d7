import "server-only";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";

/**
 * Which backend the console talks to. `local` (the default) is the embedded engine on loopback;
 * `aws` is real AWS with the region and the default credential provider chain. This is the only
 * place that knows the difference: everything above it sends the same SDK commands either way.
 */
export type BackendConfig =
  | { kind: "local"; region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  | { kind: "aws"; region: string };

export function readBackendConfig(env: NodeJS.ProcessEnv = process.env): BackendConfig {
  const kind = env.MME_BACKEND ?? "local";
  if (kind === "aws") {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error("MME_BACKEND=aws needs AWS_REGION (or AWS_DEFAULT_REGION)");
    return { kind: "aws", region };
  }
  if (kind !== "local") throw new Error(`MME_BACKEND must be "local" or "aws", not "${kind}"`);
  const port = env.MME_ENGINE_PORT ?? String(LOCAL_ENGINE_DEFAULTS.port);
  return {
    kind: "local",
    region: env.MME_ENGINE_REGION ?? LOCAL_ENGINE_DEFAULTS.region,
    endpoint: env.MME_ENGINE_URL ?? `http://127.0.0.1:${port}`,
    credentials: {
      accessKeyId: env.MME_ENGINE_ACCESS_KEY_ID ?? LOCAL_ENGINE_DEFAULTS.accessKeyId,
      secretAccessKey: env.MME_ENGINE_SECRET_ACCESS_KEY ?? LOCAL_ENGINE_DEFAULTS.secretAccessKey,
    },
  };
}
