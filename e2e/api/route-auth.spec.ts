import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { consoleApi, signInAs } from "../support/auth";

type Route = { file: string; url: string; methods: string[] };
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The only routes that answer without a session: health, and next-auth's own sign-in endpoints. */
const PUBLIC_FILES = ["app/api/health/route.ts", "app/api/auth/[...nextauth]/route.ts"];
/** Mutations a viewer may make: invoking a model from the playground. */
const VIEWER_MUTATIONS = new Set<string>(["POST /api/endpoints/sample-1/invoke"]);

/** Every route handler in app/api, with the methods it exports; dynamic segments get a sample value. */
function listRoutes(dir = "app/api"): Route[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listRoutes(p);
    if (d.name !== "route.ts") return [];
    const src = fs.readFileSync(p, "utf8");
    const methods = [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|as (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] ?? m[2]!);
    const url = "/" + path.dirname(p).split(path.sep).slice(1).map((seg) => (seg.startsWith("[") ? "sample-1" : seg)).join("/");
    return [{ file: p.split(path.sep).join("/"), url, methods }];
  });
}

const routes = listRoutes();
const guarded = routes.filter((r) => !PUBLIC_FILES.includes(r.file));

async function call(page: Page, method: string, url: string, headers: Record<string, string> = {}) {
  return page.request.fetch(url, { method, headers, data: MUTATIONS.has(method) ? {} : undefined, maxRedirects: 0 });
}

test("the route list is complete and only health and sign-in are public", () => {
  expect(routes.length).toBeGreaterThanOrEqual(5);
  expect(routes.every((r) => r.methods.length > 0)).toBe(true);
  expect(routes.map((r) => r.file).filter((f) => PUBLIC_FILES.includes(f)).sort()).toEqual([...PUBLIC_FILES].sort());
  // Every guarded handler goes through the one wrapper that checks session, CSRF and role.
  for (const r of guarded) expect(fs.readFileSync(r.file, "utf8"), r.file).toMatch(/withRoute/);
});

test("every guarded route refuses a request without a session with 401 JSON", async ({ page }) => {
  for (const r of guarded) {
    for (const method of r.methods) {
      const res = await call(page, method, r.url);
      expect(res.status(), `${method} ${r.url}`).toBe(401);
      expect((await res.json()).error.code, `${method} ${r.url}`).toBe("unauthorized");
    }
  }
});

test("every mutation refuses a viewer with 403, even with a valid CSRF token", async ({ page }) => {
  await signInAs(page, "viewer");
  const headers = await consoleApi(page).csrfHeaders();
  for (const r of guarded) {
    for (const method of r.methods.filter((m) => MUTATIONS.has(m) && !VIEWER_MUTATIONS.has(`${m} ${r.url}`))) {
      const res = await call(page, method, r.url, headers);
      expect(res.status(), `${method} ${r.url}`).toBe(403);
      expect((await res.json()).error.message, `${method} ${r.url}`).toContain("viewer");
    }
  }
  // What a viewer may do passes the role check (and then fails on its empty input).
  for (const allowed of VIEWER_MUTATIONS) {
    const [method, url] = allowed.split(" ");
    const res = await call(page, method!, url!, headers);
    expect(res.status(), allowed).toBe(422);
  }
});

test("every mutation refuses an admin without the CSRF token, or from another origin", async ({ page }) => {
  await signInAs(page, "admin");
  const good = await consoleApi(page).csrfHeaders();
  for (const r of guarded) {
    for (const method of r.methods.filter((m) => MUTATIONS.has(m))) {
      const missing = await call(page, method, r.url, { origin: good.origin! });
      expect(missing.status(), `${method} ${r.url} without token`).toBe(403);
      expect((await missing.json()).error.message).toContain("CSRF");
      const forged = await call(page, method, r.url, { ...good, "x-mme-csrf": "forged" });
      expect(forged.status(), `${method} ${r.url} forged token`).toBe(403);
      const crossSite = await call(page, method, r.url, { ...good, origin: "https://evil.example" });
      expect(crossSite.status(), `${method} ${r.url} cross-origin`).toBe(403);
    }
  }
});

test("pages redirect to sign-in without a session; the API never redirects", async ({ page }) => {
  for (const p of ["/", "/endpoints", "/endpoints/new", "/endpoints/x", "/audit"]) {
    const res = await page.request.get(p, { maxRedirects: 0 });
    expect([302, 307], p).toContain(res.status());
    expect(res.headers()["location"], p).toMatch(/\/signin/);
  }
});
