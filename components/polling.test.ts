import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiClientError } from "@/lib/api-client";
import { endpointPollMs, POLL_MS, shouldRetry } from "@/components/polling";
import { ErrorBanner } from "@/components/ui/error-banner";

const throttled = new ApiClientError(503, "throttled", "AWS is throttling requests (ThrottlingException: Rate exceeded); the console retried and will ask again");
const notFound = new ApiClientError(404, "not_found", "Endpoint x does not exist");
const upstream = new ApiClientError(502, "upstream_error", "The AWS backend answered HTTP 503 …");

describe("polling", () => {
  it("looks at a transition every 10 s or more on AWS (SageMaker's take minutes), every 2 s on the local engine", () => {
    expect(endpointPollMs("aws", { transitioning: true, error: null })).toBe(10_000);
    expect(endpointPollMs("local", { transitioning: true, error: null })).toBe(2_000);
    expect(endpointPollMs("aws", { transitioning: false, error: null })).toBe(30_000);
    for (const backend of ["aws", "local"] as const) {
      expect(POLL_MS[backend].transition).toBeLessThanOrEqual(POLL_MS[backend].idle);
    }
    // AWS's metrics are one-minute data: no chart asks for them more often.
    expect(POLL_MS.aws.metrics).toBeGreaterThanOrEqual(60_000);
    expect(POLL_MS.aws.transition).toBeGreaterThanOrEqual(10_000);
  });

  it("slows down while AWS throttles and stops a detail page on other errors", () => {
    expect(endpointPollMs("aws", { transitioning: true, error: throttled, stopOnError: true })).toBe(30_000);
    expect(endpointPollMs("aws", { transitioning: true, error: upstream, stopOnError: true })).toBe(false);
    expect(endpointPollMs("aws", { transitioning: true, error: upstream })).toBe(10_000);
  });

  it("retries throttled reads a few times, other 5xx twice, a 4xx never", () => {
    expect([0, 1, 2, 3, 4].map((n) => shouldRetry(n, throttled))).toEqual([true, true, true, true, false]);
    expect([0, 1, 2].map((n) => shouldRetry(n, upstream))).toEqual([true, true, false]);
    expect(shouldRetry(0, notFound)).toBe(false);
    expect(shouldRetry(0, new TypeError("Failed to fetch"))).toBe(true);
  });
});

describe("ErrorBanner", () => {
  const render = (error: unknown, action?: boolean) => renderToStaticMarkup(createElement(ErrorBanner, { error, title: "Could not list endpoints", action }));

  it("says AWS is throttling and the console retries, instead of the raw error", () => {
    const html = render(throttled);
    expect(html).toContain("AWS is throttling requests, retrying");
    expect(html).not.toContain("ThrottlingException");
    expect(html).toContain('data-testid="throttled-banner"');
    expect(render(throttled, true)).toContain("Could not list endpoints: AWS is throttling requests, try again in a moment.");
  });

  it("shows other errors with their code and message", () => {
    const html = render(upstream);
    expect(html).toContain("upstream_error");
    expect(html).toContain("answered HTTP 503");
    expect(render(undefined)).toBe("");
  });
});
