import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { motoClients, readAwsStackState, type AwsStackState } from "./aws-moto";

/** A browser answer a spec provokes on purpose: method (any if left out), URL, status. */
export type AllowedFailure = { method?: string; url: RegExp; status: number };

/**
 * Fails the test when any browser request of its pages answers 4xx/5xx (or fails outright) unless
 * the spec allowed it, and on any Content-Security-Policy violation. CSP violations are seen twice
 * over: the page's `securitypolicyviolation` events (reported through a binding, which the page's
 * CSP cannot block) and Chromium's console messages ("Refused to connect to ...").
 */
export class BrowserGuard {
  private readonly allowed: AllowedFailure[] = [];
  private readonly problems: string[] = [];
  private readonly pending: Promise<void>[] = [];
  /** Every answer a spec allowed that did happen, for the spec to assert on if it wants. */
  readonly allowedSeen: { method: string; url: string; status: number; body: string }[] = [];

  allow(...failures: AllowedFailure[]): void {
    this.allowed.push(...failures);
  }

  async watch(context: BrowserContext): Promise<void> {
    await context.exposeBinding("__mmeReportCspViolation", (_source, v: { directive: string; blocked: string; source: string }) => {
      this.problems.push(`CSP violation (securitypolicyviolation): ${v.directive} blocked ${v.blocked} (from ${v.source})`);
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        const report = (window as unknown as { __mmeReportCspViolation?: (v: unknown) => void }).__mmeReportCspViolation;
        report?.({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
      });
    });
    context.on("response", (res) => {
      const status = res.status();
      if (status < 400) return;
      const method = res.request().method();
      const url = res.url();
      this.pending.push(
        res
          .text()
          .catch(() => "(body unavailable)")
          .then((body) => {
            const entry = { method, url, status, body: body.slice(0, 600) };
            if (this.isAllowed(method, url, status)) this.allowedSeen.push(entry);
            else this.problems.push(`unexpected ${status}: ${method} ${url}\n      ${entry.body.replace(/\s+/g, " ")}`);
          }),
      );
    });
    context.on("requestfailed", (req) => {
      const failure = req.failure()?.errorText ?? "failed";
      // Navigations and cancelled uploads abort requests on purpose.
      if (failure.includes("ERR_ABORTED")) return;
      if (this.isAllowed(req.method(), req.url(), 0)) return;
      this.problems.push(`request failed (${failure}): ${req.method()} ${req.url()}`);
    });
    const watchPage = (page: Page) =>
      page.on("console", (msg) => {
        const text = msg.text();
        if (/Content Security Policy|Content-Security-Policy/i.test(text)) this.problems.push(`CSP violation (console ${msg.type()}): ${text}`);
      });
    context.pages().forEach(watchPage);
    context.on("page", watchPage);
  }

  /** The problems seen so far (answers still being read are awaited). */
  async collect(): Promise<string[]> {
    await Promise.all(this.pending);
    return [...this.problems];
  }

  private isAllowed(method: string, url: string, status: number): boolean {
    return this.allowed.some((a) => a.status === status && a.url.test(url) && (a.method === undefined || a.method.toUpperCase() === method.toUpperCase()));
  }
}

type AwsFixtures = {
  /** The guard of every context this test opens (the default one and `newContext()`'s). */
  guard: BrowserGuard;
  /** A fresh browser context (another user, another tab set), watched by the same guard. */
  newContext: () => Promise<BrowserContext>;
};
type AwsWorkerFixtures = {
  /** Where moto is, its log, and SDK clients for it (what the test itself puts in AWS). */
  moto: AwsStackState & { url: string; clients: ReturnType<typeof motoClients> };
};

export const test = base.extend<AwsFixtures, AwsWorkerFixtures>({
  moto: [
    async ({}, provide) => {
      const state = readAwsStackState();
      if (!state.motoUrl) throw new Error(`moto is not running, so the AWS-mode suite cannot run: ${state.motoError}`);
      const clients = motoClients(state.motoUrl);
      await provide({ ...state, url: state.motoUrl, clients });
      clients.s3.destroy();
      clients.sagemaker.destroy();
      clients.cloudwatch.destroy();
    },
    { scope: "worker", auto: true },
  ],
  guard: async ({}, provide, testInfo) => {
    const guard = new BrowserGuard();
    await provide(guard);
    const problems = await guard.collect();
    if (guard.allowedSeen.length > 0) {
      await testInfo.attach("allowed-failures.json", { body: JSON.stringify(guard.allowedSeen, null, 2), contentType: "application/json" });
    }
    if (problems.length > 0) throw new Error(`The browser saw ${problems.length} unexpected failure(s):\n  - ${problems.join("\n  - ")}`);
  },
  context: async ({ context, guard }, provide) => {
    await guard.watch(context);
    await provide(context);
  },
  newContext: async ({ browser, guard }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      await guard.watch(context);
      opened.push(context);
      return context;
    });
    for (const c of opened) await c.close();
  },
});

export { expect } from "@playwright/test";
