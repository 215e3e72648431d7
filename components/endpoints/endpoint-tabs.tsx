"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Tabs } from "@/components/ui/tabs";

const TABS = [
  { segment: "", label: "Overview", testId: "overview-link" },
  { segment: "/models", label: "Models", testId: "models-link" },
  { segment: "/metrics", label: "Metrics", testId: "metrics-link" },
  { segment: "/residency", label: "Residency", testId: "residency-link" },
  { segment: "/scaling", label: "Scaling", testId: "scaling-link" },
  { segment: "/capacity", label: "Capacity", testId: "capacity-link" },
  { segment: "/history", label: "History", testId: "history-link" },
] as const;

/** What a tab change keeps from the URL: the time range and auto-refresh apply to every tab's figures. */
const CARRIED = ["range", "start", "end", "refresh"];

/** The endpoint's pages as tabs; a model's pages belong to the Models tab. */
export function EndpointTabs({ name }: { name: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const base = `/endpoints/${encodeURIComponent(name)}`;
  const carried = new URLSearchParams();
  for (const k of CARRIED) {
    const v = params.get(k);
    if (v !== null) carried.set(k, v);
  }
  const query = carried.size > 0 ? `?${carried}` : "";
  return (
    <Tabs
      label={`${name} pages`}
      items={TABS.map((t) => {
        const href = `${base}${t.segment}`;
        return {
          href: `${href}${query}`,
          label: t.label,
          active: t.segment === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`),
          "data-testid": t.testId,
        };
      })}
    />
  );
}
