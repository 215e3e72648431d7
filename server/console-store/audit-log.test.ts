import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditQuery, type AuditEntry, type AuditQuery } from "@/lib/schemas/audit";

// A console.db as the console left it before the audit log had resources: its three first tables, with old rows.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mme-audit-"));
process.env.MME_CONSOLE_DATA_DIR = tmp;
const old = new Database(path.join(tmp, "console.db"));
old.exec(`
  CREATE TABLE endpoint_events (id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint_name TEXT NOT NULL, at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('requested', 'observed')), what TEXT NOT NULL, detail TEXT, actor TEXT);
  CREATE INDEX endpoint_events_by_name ON endpoint_events (endpoint_name, id);
  CREATE TABLE endpoint_last_status (endpoint_name TEXT PRIMARY KEY, status TEXT NOT NULL);
  CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
    action TEXT NOT NULL, target TEXT NOT NULL, result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'error')), status INTEGER NOT NULL, detail TEXT);
  CREATE TABLE upload_sessions (upload_id TEXT PRIMARY KEY, endpoint_name TEXT NOT NULL, bucket TEXT NOT NULL, object_key TEXT NOT NULL,
    model TEXT NOT NULL, version INTEGER NOT NULL, actor TEXT NOT NULL, started_at TEXT NOT NULL);
  PRAGMA user_version = 3;`);
const oldTargets = ["/api/endpoints", "/api/endpoints/demo", "/api/endpoints/demo/invoke", "/api/endpoints/demo/models/res.net_1/aliases/production", "/api/endpoints/demo/uploads/complete"];
for (const target of oldTargets) {
  old.prepare("INSERT INTO audit_log (at, actor, role, action, target, result, status) VALUES ('2025-01-01T00:00:00.000Z', 'old@example.com', 'admin', 'Old', ?, 'ok', 200)").run(target);
}
old.close();

const { auditFacets, listAudit, recordAudit } = await import("@/server/console-store/audit-log");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const query = (q: Record<string, unknown> = {}): AuditQuery => auditQuery.parse(q);
const ids = (entries: AuditEntry[]) => entries.map((e) => e.id);
const change = (over: Partial<Omit<AuditEntry, "id" | "at">> = {}) =>
  recordAudit({ actor: "admin@example.com", role: "admin", action: "SetAlias", target: "/api/x", resource: "demo", result: "ok", status: 200, ...over });

/** Every page, oldest cursor to the end: what a user sees clicking Older until it stops. */
function walk(q: Record<string, unknown>): AuditEntry[][] {
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = listAudit(query({ ...q, cursor }));
    pages.push(page.entries);
    cursor = page.older;
  } while (cursor);
  return pages;
}

describe("the audit log's migration", () => {
  it("keeps the old rows and their ids, and reads each one's resource off its path", () => {
    const rows = listAudit(query({ user: "old@example.com" })).entries;
    expect(rows.map((r) => [r.id, r.target, r.resource]).reverse()).toEqual([
      [1, "/api/endpoints", ""],
      [2, "/api/endpoints/demo", "demo"],
      [3, "/api/endpoints/demo/invoke", "demo"],
      [4, "/api/endpoints/demo/models/res.net_1/aliases/production", "demo/res.net_1"],
      [5, "/api/endpoints/demo/uploads/complete", "demo"],
    ]);
    change({ actor: "new@example.com", result: "aborted" });
    const newest = listAudit(query({ user: "new@example.com" })).entries[0]!;
    expect(newest).toMatchObject({ id: 6, result: "aborted", resource: "demo" });
  });
});

describe("listAudit", () => {
  const PAGED = "paged@example.com";
  let first: number;

  beforeAll(() => {
    for (let i = 0; i < 120; i++) change({ actor: PAGED, detail: `change ${i}` });
    first = listAudit(query({ user: PAGED, limit: 200 })).entries.at(-1)!.id;
  });

  it("pages newest first, and a page stays the same while new changes are written", () => {
    const page1 = listAudit(query({ user: PAGED }));
    expect(page1.entries).toHaveLength(50);
    expect(page1.entries[0]!.detail).toBe("change 119");
    expect(page1.newer).toBeUndefined();
    const page2 = listAudit(query({ user: PAGED, cursor: page1.older }));
    expect(page2.entries[0]!.detail).toBe("change 69");

    for (let i = 120; i < 130; i++) change({ actor: PAGED, detail: `change ${i}` });
    expect(listAudit(query({ user: PAGED, cursor: page1.older }))).toEqual(page2);
    // Back from page 2: the same page 1 as read before, and now a way on to the new changes.
    const back = listAudit(query({ user: PAGED, cursor: page2.newer }));
    expect(ids(back.entries)).toEqual(ids(page1.entries));
    expect(back.newer).toBeDefined();
    expect(listAudit(query({ user: PAGED, cursor: back.newer })).entries.map((e) => e.detail)).toEqual(
      Array.from({ length: 10 }, (_, i) => `change ${129 - i}`),
    );
  });

  it("reaches every change exactly once, the oldest on the last page", () => {
    const pages = walk({ user: PAGED });
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    const all = pages.flat();
    expect(new Set(ids(all)).size).toBe(130);
    expect(all.at(-1)!.id).toBe(first);
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => b - a));
  });

  it("offers the way back from past either end", () => {
    const past = listAudit(query({ user: PAGED, cursor: `o${first}` }));
    expect(past.entries).toEqual([]);
    expect(listAudit(query({ user: PAGED, cursor: past.newer })).entries.at(-1)!.id).toBe(first);
  });
});

describe("listAudit's filters", () => {
  beforeAll(() => {
    change({ actor: "alice@example.com", action: "UpdateEndpoint", resource: "shop", detail: "instances 1 → 3" });
    change({ actor: "alice@example.com", action: "SetAlias", resource: "shop/resnet", detail: "production v1 → v2" });
    change({ actor: "bob@example.com", action: "UploadModel", resource: "shop/resnet", result: "rejected", status: 422, reason: "would not load" });
    change({ actor: "bob@example.com", action: "UploadModel", resource: "shop2/resnet", result: "aborted" });
    change({ actor: "bob@example.com", action: "DeleteVersion", resource: "shop/a_b", detail: "deleted v1" });
    change({ actor: "bob@example.com", action: "DeleteVersion", resource: "shop/axb", detail: "deleted v2" });
    change({ actor: "anonymous", role: "none", action: "CreateEndpoint", resource: "", result: "refused", status: 401 });
  });
  const details = (q: Record<string, unknown>) => listAudit(query(q)).entries.map((e) => `${e.actor} ${e.action} ${e.resource} ${e.result}`);

  it("finds by user, action and outcome, and all of them together", () => {
    expect(details({ user: "alice@example.com" })).toEqual(["alice@example.com SetAlias shop/resnet ok", "alice@example.com UpdateEndpoint shop ok"]);
    expect(details({ action: "UploadModel" })).toEqual(["bob@example.com UploadModel shop2/resnet aborted", "bob@example.com UploadModel shop/resnet rejected"]);
    expect(details({ result: "refused" })).toEqual(["anonymous CreateEndpoint  refused"]);
    expect(details({ user: "bob@example.com", action: "UploadModel", result: "rejected" })).toEqual(["bob@example.com UploadModel shop/resnet rejected"]);
    expect(details({ user: "nobody@example.com" })).toEqual([]);
  });

  it("finds an endpoint's own changes and its models', whatever the case, and a model's alone", () => {
    expect(details({ resource: "SHOP" })).toHaveLength(5);
    expect(details({ resource: "shop/resnet" })).toEqual(["bob@example.com UploadModel shop/resnet rejected", "alice@example.com SetAlias shop/resnet ok"]);
    // "shop" is not a prefix of "shop2", and "_" is a character, not a wildcard.
    expect(details({ resource: "shop2" })).toEqual(["bob@example.com UploadModel shop2/resnet aborted"]);
    expect(details({ resource: "shop/a_b" })).toEqual(["bob@example.com DeleteVersion shop/a_b ok"]);
  });

  it("pages within a filter", () => {
    const pages = walk({ resource: "shop", limit: 2 });
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().every((e) => e.resource.toLowerCase().startsWith("shop/") || e.resource === "shop")).toBe(true);
  });

  it("lists every user and action the log holds, for the filters' choices", () => {
    const facets = auditFacets();
    expect(facets.users).toEqual(["alice@example.com", "anonymous", "bob@example.com", "new@example.com", "old@example.com", "paged@example.com"]);
    expect(facets.actions).toEqual(["CreateEndpoint", "DeleteVersion", "Old", "SetAlias", "UpdateEndpoint", "UploadModel"]);
  });
});

describe("auditQuery", () => {
  it("reads empty form fields as no filter, and refuses what is no cursor, resource or outcome", () => {
    expect(auditQuery.parse({ user: "", action: "", resource: "", result: "", cursor: "" })).toEqual({ limit: 50 });
    for (const bad of [{ cursor: "123" }, { cursor: "o0" }, { resource: "a/b/c" }, { resource: "%" }, { result: "maybe" }, { limit: "201" }]) {
      expect(auditQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
