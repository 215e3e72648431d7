import "server-only";
import type { AuditEntry, AuditFacets, AuditFilters, AuditPage, AuditQuery } from "@/lib/schemas/audit";
import { consoleDb } from "@/server/console-store/db";

/** A detail or reason is a line for a table, not a transcript. */
const MAX_TEXT = 500;

/** Appends one change: who, what, on what, when, and how it ended. */
export function recordAudit(e: Omit<AuditEntry, "id" | "at">): void {
  consoleDb()
    .prepare("INSERT INTO audit_log (at, actor, role, action, target, resource, result, status, detail, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .run(new Date().toISOString(), e.actor, e.role, e.action, e.target, e.resource, e.result, e.status, clip(e.detail), clip(e.reason));
}

function clip(text: string | undefined): string | null {
  if (!text) return null;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

type Row = Omit<AuditEntry, "detail" | "reason"> & { detail: string | null; reason: string | null };
const COLUMNS = "id, at, actor, role, action, target, resource, result, status, detail, reason";

/**
 * A page of the log, newest first, that matches every filter given. The cursor is an id, so the
 * pages stay put while new entries arrive: "o<id>" reads older entries, "n<id>" newer ones (the
 * page just before, read upwards and turned around).
 */
export function listAudit({ limit, cursor, ...filters }: AuditQuery): AuditPage {
  const { where, args } = filterClause(filters);
  const db = consoleDb();
  const towardsNewer = cursor?.startsWith("n") ?? false;
  const from = cursor ? Number(cursor.slice(1)) : undefined;
  const page = [...where, ...(from === undefined ? [] : [towardsNewer ? "id > ?" : "id < ?"])];
  const rows = db
    .prepare<unknown[], Row>(`SELECT ${COLUMNS} FROM audit_log ${whereSql(page)} ORDER BY id ${towardsNewer ? "ASC" : "DESC"} LIMIT ?`)
    .all(...args, ...(from === undefined ? [] : [from]), limit + 1);
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map(toEntry);
  if (towardsNewer) entries.reverse();

  // Whether anything lies beyond either end of this page (with the same filters).
  const exists = (op: "<" | ">", id: number) =>
    db.prepare<unknown[], { one: number }>(`SELECT 1 AS one FROM audit_log ${whereSql([...where, `id ${op} ?`])} LIMIT 1`).get(...args, id) !== undefined;
  const newest = entries[0]?.id;
  const oldest = entries.at(-1)?.id;
  let older: string | undefined;
  let newer: string | undefined;
  if (newest === undefined || oldest === undefined) {
    // Paged past either end: offer the way back.
    if (from !== undefined && !towardsNewer && exists(">", from - 1)) newer = `n${from - 1}`;
    if (from !== undefined && towardsNewer && exists("<", from + 1)) older = `o${from + 1}`;
  } else {
    if (towardsNewer ? exists("<", oldest) : more) older = `o${oldest}`;
    if (towardsNewer ? more : from !== undefined && exists(">", newest)) newer = `n${newest}`;
  }
  return { entries, older, newer };
}

function filterClause(f: AuditFilters): { where: string[]; args: string[] } {
  const where: string[] = [];
  const args: string[] = [];
  if (f.user) {
    where.push("actor = ?");
    args.push(f.user);
  }
  if (f.action) {
    where.push("action = ?");
    args.push(f.action);
  }
  if (f.result) {
    where.push("result = ?");
    args.push(f.result);
  }
  if (f.resource) {
    // An endpoint's filter includes its models. SageMaker's names are case-insensitive.
    where.push("(resource = ? COLLATE NOCASE OR resource LIKE ? ESCAPE '\\')");
    args.push(f.resource, `${f.resource.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
  }
  return { where, args };
}

const whereSql = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");

function toEntry(r: Row): AuditEntry {
  return { ...r, detail: r.detail ?? undefined, reason: r.reason ?? undefined };
}

/**
 * Every user and action in the log, for the filters' choices: each distinct value found by one
 * index lookup (a skip scan), however long the log grows.
 */
export function auditFacets(): AuditFacets {
  const distinct = (column: "actor" | "action") =>
    consoleDb()
      .prepare<[], { v: string }>(
        `WITH RECURSIVE d(v) AS (
           SELECT MIN(${column}) FROM audit_log
           UNION ALL SELECT (SELECT MIN(${column}) FROM audit_log WHERE ${column} > d.v) FROM d WHERE d.v IS NOT NULL
         ) SELECT v FROM d WHERE v IS NOT NULL`,
      )
      .all()
      .map((r) => r.v);
  return { users: distinct("actor"), actions: distinct("action") };
}
