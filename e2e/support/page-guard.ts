import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page, Request, Response } from "@playwright/test";

/** Something a page did that a user in normal use must never cause. */
export type PageProblem = { page: string; kind: "response" | "request-failed" | "csp" | "page-error" | "a11y"; detail: string };

/** A response a page provokes on purpose (the 404 page's own document), so it is no problem. */
export type AllowedResponse = (response: Response) => boolean;

type CspReport = { directive: string; blockedURI: string; source: string; sample: string; documentURI: string };

const BINDING = "__mmeReportCspViolation";

/**
 * Watches every page of a browser context: responses answering 4xx/5xx, requests that failed
 * (not ones the browser aborted because the user moved on), CSP violations (the
 * `securitypolicyviolation` event, reported through a binding installed before any page script,
 * and console messages that mention Content Security Policy) and uncaught page errors. `at`
 * names the page being looked at, so a report says where each problem happened.
 */
export async function guardContext(context: BrowserContext) {
  const problems: PageProblem[] = [];
  let current = "(before the first page)";
  let allowed: AllowedResponse = () => false;
  const add = (kind: PageProblem["kind"], detail: string) => problems.push({ page: current, kind, detail });

  await context.exposeBinding(BINDING, (_source, v: CspReport) => add("csp", `${v.directive} blocked ${v.blockedURI || "(inline)"} at ${v.source || v.documentURI}${v.sample ? `: ${v.sample}` : ""}`));
  await context.addInitScript((binding: string) => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as Record<string, (v: CspReport) => void>)[binding];
      report?.({ directive: e.effectiveDirective, blockedURI: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample, documentURI: e.documentURI });
    });
  }, BINDING);

  const watch = (page: Page) => {
    page.on("response", (r) => {
      if (r.status() >= 400 && !allowed(r)) add("response", `${r.status()} ${r.request().method()} ${pathOf(r.url())}`);
    });
    page.on("requestfailed", (r: Request) => {
      const reason = r.failure()?.errorText ?? "failed";
      // The browser aborts what a navigation leaves behind (prefetches, polls): not a failure. A
      // request the CSP blocked ("csp") is reported once, as the violation.
      if (!reason.includes("ERR_ABORTED") && reason !== "csp") add("request-failed", `${r.method()} ${pathOf(r.url())}: ${reason}`);
    });
    page.on("console", (m) => {
      if (/content security policy/i.test(m.text())) add("csp", `console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => add("page-error", e.message));
  };
  context.pages().forEach(watch);
  context.on("page", watch);

  return {
    problems,
    /** From now on problems are reported against `label`; `allow` lists the responses this page provokes on purpose. */
    at(label: string, allow: AllowedResponse = () => false) {
      current = label;
      allowed = allow;
    },
    /** axe-core on the page as it is now: every serious or critical violation is a problem. */
    async checkAccessibility(page: Page) {
      const result = await new AxeBuilder({ page }).analyze();
      for (const v of result.violations) {
        if (v.impact !== "serious" && v.impact !== "critical") continue;
        const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ");
        add("a11y", `${v.id} (${v.impact}): ${v.help} at ${where}`);
      }
    },
    /** The problems seen on `label`, one line each, for an assertion that prints them. */
    linesFor(label: string): string[] {
      return problems.filter((p) => p.page === label).map((p) => `${p.kind}: ${p.detail}`);
    },
  };
}

export type PageGuard = Awaited<ReturnType<typeof guardContext>>;

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}${u.search}`;
}
