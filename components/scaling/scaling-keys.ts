/** React Query keys of the Scaling tab; every change invalidates the endpoint's state (and its instance count). */
export const scalingKeys = {
  all: ["scaling"] as const,
  state: (endpoint: string) => [...scalingKeys.all, "state", endpoint] as const,
  metrics: (endpoint: string, range: string) => [...scalingKeys.all, "metrics", endpoint, range] as const,
};
