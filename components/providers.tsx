"use client";

// First: no schema may parse before zod is told not to probe for eval (the CSP forbids it).
import "@/lib/zod-without-eval";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { shouldRetry } from "@/components/polling";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            // A 4xx will not change by asking again; network blips, 5xx and AWS's throttling may.
            retry: shouldRetry,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
