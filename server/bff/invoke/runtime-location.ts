import "server-only";
import type { RuntimeLocation } from "@/lib/playground/runtime-location";
import { backendConfig } from "@/server/aws/client-factory";

/** Where InvokeEndpoint answers for this console, for the playground's code snippets: never the keys. */
export function runtimeLocation(): RuntimeLocation {
  const config = backendConfig();
  return config.kind === "local" ? { kind: "local", region: config.region, url: config.endpoint } : { kind: "aws", region: config.region };
}
