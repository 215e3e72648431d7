import "server-only";
import type { EndpointEventView } from "@/lib/schemas/endpoint-views";
import { consoleDb } from "@/server/console-store/db";

/** Records an action the console asked SageMaker for. */
export function recordRequested(endpointName: string, what: string, detail?: string, actor?: string): void {
  consoleDb()
    .prepare("INSERT INTO endpoint_events (endpoint_name, at, kind, what, detail, actor) VALUES (?, ?, 'requested', ?, ?, ?)")
    .run(endpointName, new Date().toISOString(), what, detail ?? null, actor ?? null);
}

/**
 * Records the statuses seen in a describe or list, once per change: the history then shows
 * Creating -> InService as this console saw it, at the time it first saw each.
 */
export function recordObserved(seen: { name: string; status: string; reason?: string }[]): void {
  if (seen.length === 0) return;
  const db = consoleDb();
  const last = db.prepare<[string], { status: string }>("SELECT status FROM endpoint_last_status WHERE endpoint_name = ?");
  const upsert = db.prepare(
    "INSERT INTO endpoint_last_status (endpoint_name, status) VALUES (?, ?) ON CONFLICT (endpoint_name) DO UPDATE SET status = excluded.status",
  );
  const insert = db.prepare("INSERT INTO endpoint_events (endpoint_name, at, kind, what, detail) VALUES (?, ?, 'observed', ?, ?)");
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const s of seen) {
      if (last.get(s.name)?.status === s.status) continue;
      upsert.run(s.name, s.status);
      insert.run(s.name, at, s.status, s.reason ?? null);
    }
  })();
}

/** Forgets the last status of a gone endpoint so that a new one of the same name starts fresh. */
export function recordGone(endpointName: string): void {
  const db = consoleDb();
  const had = db.prepare("DELETE FROM endpoint_last_status WHERE endpoint_name = ?").run(endpointName);
  if (had.changes > 0) {
    db.prepare("INSERT INTO endpoint_events (endpoint_name, at, kind, what) VALUES (?, ?, 'observed', 'Deleted')").run(
      endpointName,
      new Date().toISOString(),
    );
  }
}

/** Events of an endpoint since it was last created (older ones belong to an earlier endpoint of that name). */
export function endpointHistory(endpointName: string, createdAt: Date): EndpointEventView[] {
  type Row = { at: string; kind: "requested" | "observed"; what: string; detail: string | null; actor: string | null };
  // A little slack: the console records its CreateEndpoint request just before SageMaker stamps CreationTime.
  const since = new Date(createdAt.getTime() - 60_000).toISOString();
  const rows = consoleDb()
    .prepare<[string, string], Row>(
      "SELECT at, kind, what, detail, actor FROM endpoint_events WHERE endpoint_name = ? AND at >= ? ORDER BY id DESC LIMIT 200",
    )
    .all(endpointName, since);
  return rows.map((r) => ({ at: r.at, kind: r.kind, what: r.what, detail: r.detail ?? undefined, actor: r.actor ?? undefined }));
}
