/** React Query keys for endpoints, in one place so mutations invalidate exactly what they change. */
export const endpointKeys = {
  all: ["endpoints"] as const,
  list: () => [...endpointKeys.all, "list"] as const,
  detail: (name: string) => [...endpointKeys.all, "detail", name] as const,
  /** Per row `name:status`, so a row whose status moves is summarized again at once. */
  summaries: (rows: readonly string[]) => [...endpointKeys.all, "summaries", rows] as const,
};
