import "server-only";
import { LruCache } from "@/server/bff/shared/lru-cache";

/**
 * How long the console trusts the config name it last saw for an endpoint without describing
 * the endpoint again. Short, because an UpdateEndpoint made outside the console (CLI, another
 * console) changes it and the console only learns of it here: such a change is seen within 15 s.
 * The console's own UpdateEndpoint and DeleteEndpoint forget the entry at once, and every
 * DescribeEndpoint the console makes anyway refreshes it.
 */
export const CONFIG_NAME_TTL_MS = 15_000;

const configNames = new LruCache<string, string>({ max: 500, ttlMs: CONFIG_NAME_TTL_MS });

// SageMaker's names are case-insensitive (its ARNs are lowercased): one entry per endpoint.
const keyOf = (endpoint: string) => endpoint.toLowerCase();

/** The endpoint's config name if seen in the last 15 s. */
export function cachedConfigName(endpoint: string): string | undefined {
  return configNames.get(keyOf(endpoint));
}

export function rememberConfigName(endpoint: string, configName: string): void {
  configNames.set(keyOf(endpoint), configName);
}

/** After the console itself creates, updates or deletes the endpoint. */
export function forgetConfigName(endpoint: string): void {
  configNames.delete(keyOf(endpoint));
}
