import type { CapacitySettings } from "@/components/capacity/capacity-settings";

/** React Query keys of the Capacity tab: one replay per endpoint and settings, kept while the user looks at other tabs. */
export const capacityKeys = {
  all: ["capacity"] as const,
  view: (endpoint: string, settings: CapacitySettings) => [...capacityKeys.all, endpoint, settings] as const,
};
