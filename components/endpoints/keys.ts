/** React Query keys for endpoints, in one place so mutations invalidate exactly what they change. */
export const endpointKeys = {
  all: ["endpoints"] as const,
  list: () => [...endpointKeys.all, "list"] as const,
  detail: (name: string) => [...endpointKeys.all, "detail", name] as const,
};
