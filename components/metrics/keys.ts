/** React Query keys for metrics and residency; the range is part of the key, so each range caches apart. */
export const metricsKeys = {
  all: ["metrics"] as const,
  endpoint: (endpoint: string, range: string, charts?: readonly string[]) => [...metricsKeys.all, "endpoint", endpoint, range, charts?.join(",") ?? "all"] as const,
  model: (endpoint: string, model: string, range: string) => [...metricsKeys.all, "model", endpoint, model, range] as const,
  modelsSummary: (endpoint: string, models: readonly string[], range: string) => [...metricsKeys.all, "models-summary", endpoint, range, models.join(",")] as const,
  residency: (endpoint: string) => [...metricsKeys.all, "residency", endpoint] as const,
};
