/** React Query keys for an endpoint's models. */
export const modelKeys = {
  all: (endpoint: string) => ["models", endpoint] as const,
  list: (endpoint: string, search: string) => [...modelKeys.all(endpoint), "list", search] as const,
  detail: (endpoint: string, model: string) => [...modelKeys.all(endpoint), "detail", model] as const,
};
