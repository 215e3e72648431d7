import { ApiClientError } from "@/lib/api-client";

export type BackendKind = "local" | "aws";

/**
 * How often pages look again, by backend. SageMaker's transitions take minutes on AWS, so 10 s
 * while an endpoint is moving is plenty (the local engine's take seconds: 2 s). AWS's metrics are
 * one-minute data, so charts refresh every minute there (every 15 s locally, where the engine keeps
 * seconds). TanStack Query skips interval refetches while the tab is hidden (refetchIntervalInBackground
 * is off) and refetches on return, so a hidden tab asks nothing.
 */
export const POLL_MS = {
  local: { transition: 2_000, idle: 30_000, metrics: 15_000 },
  aws: { transition: 10_000, idle: 30_000, metrics: 60_000 },
} as const satisfies Record<BackendKind, { transition: number; idle: number; metrics: number }>;

export function isThrottled(error: unknown): boolean {
  return error instanceof ApiClientError && error.code === "throttled";
}

/**
 * The endpoint queries' interval: fast while something is in transition, slow otherwise; after an
 * error, slow if AWS was throttling (it will let us through again), else stop when `stopOnError`
 * (a detail page whose endpoint cannot be read: asking again every few seconds changes nothing).
 */
export function endpointPollMs(backend: BackendKind, s: { transitioning: boolean; error: unknown; stopOnError?: boolean }): number | false {
  const p = POLL_MS[backend];
  if (s.error) {
    if (isThrottled(s.error)) return p.idle;
    if (s.stopOnError) return false;
  }
  return s.transitioning ? p.transition : p.idle;
}

/**
 * Retries of a failed query: never a 4xx but throttling (503 `throttled`, which the server already
 * retried with backoff: a few more, TanStack's own backoff doubling from 1 s), twice for other 5xx
 * and network errors.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isThrottled(error)) return failureCount < 4;
  if (error instanceof ApiClientError && error.status < 500) return false;
  return failureCount < 2;
}
