import type { EngineDatabase } from "../../../store/open-database";
import type { ScalableTarget, ScalingActivity, ScalingPolicy, ScheduledAction } from "../types";

/** A scalable target's key (policies and scheduled actions add their name). */
type Key = { ns: string; resourceId: string; dimension: string };
/** A record and its place in its listing (what a NextToken points after). */
export type Row<T> = { seq: number; record: T };
/** Which rows a listing reads: one namespace, optionally one dimension and one resource. */
export type RowFilter = { ns: string; dimension?: string; resourceId?: string };

/**
 * SQLite persistence of Application Auto Scaling. Callers own transactions (`transaction`): one
 * API call, one transaction, committed before the answer.
 */
export class AutoScalingStore {
  private readonly stmt;

  constructor(private readonly db: EngineDatabase) {
    const keyed = (table: string, nameColumn?: string) => {
      const nameClause = nameColumn ? ` AND ${nameColumn} = @name` : "";
      const where = `service_namespace = @ns AND resource_id = @resourceId AND scalable_dimension = @dimension${nameClause}`;
      const cols = nameColumn ? `, ${nameColumn}` : "";
      const vals = nameColumn ? ", @name" : "";
      return {
        get: db.prepare(`SELECT seq, doc FROM ${table} WHERE ${where}`),
        insert: db.prepare(
          `INSERT INTO ${table} (service_namespace, resource_id, scalable_dimension${cols}, doc) VALUES (@ns, @resourceId, @dimension${vals}, @doc)`,
        ),
        update: db.prepare(`UPDATE ${table} SET doc = @doc WHERE ${where}`),
        delete: db.prepare(`DELETE FROM ${table} WHERE ${where}`),
        deleteForTarget: db.prepare(
          `DELETE FROM ${table} WHERE service_namespace = @ns AND resource_id = @resourceId AND scalable_dimension = @dimension`,
        ),
        list: db.prepare(
          `SELECT seq, doc FROM ${table} WHERE service_namespace = @ns AND (@dimension IS NULL OR scalable_dimension = @dimension)
             AND (@resourceId IS NULL OR resource_id = @resourceId) ORDER BY seq`,
        ),
      };
    };
    this.stmt = {
      targets: keyed("aas_targets"),
      policies: keyed("aas_policies", "policy_name"),
      actions: keyed("aas_scheduled_actions", "action_name"),
      insertActivity: db.prepare(
        `INSERT INTO aas_activities (activity_id, service_namespace, resource_id, scalable_dimension, start_time, doc)
         VALUES (@id, @ns, @resourceId, @dimension, @startTime, @doc)`,
      ),
      getActivity: db.prepare("SELECT doc FROM aas_activities WHERE activity_id = ?"),
      updateActivity: db.prepare("UPDATE aas_activities SET doc = @doc WHERE activity_id = @id"),
      listActivities: db.prepare(
        `SELECT seq, doc FROM aas_activities WHERE service_namespace = @ns AND (@dimension IS NULL OR scalable_dimension = @dimension)
           AND (@resourceId IS NULL OR resource_id = @resourceId) ORDER BY seq DESC`,
      ),
      pruneActivities: db.prepare("DELETE FROM aas_activities WHERE start_time < ?"),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction: committed (and fsynced) when it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  getTarget(key: Key): ScalableTarget | undefined {
    return readRow<ScalableTarget>(this.stmt.targets.get.get(key))?.record;
  }
  insertTarget(t: ScalableTarget): void {
    this.stmt.targets.insert.run({ ...targetKey(t), doc: JSON.stringify(t) });
  }
  updateTarget(t: ScalableTarget): void {
    this.stmt.targets.update.run({ ...targetKey(t), doc: JSON.stringify(t) });
  }
  /** Deletes the target with its policies and scheduled actions, as DeregisterScalableTarget does on AWS. */
  deleteTarget(key: Key): void {
    this.stmt.policies.deleteForTarget.run(key);
    this.stmt.actions.deleteForTarget.run(key);
    this.stmt.targets.delete.run(key);
  }
  listTargets(filter: RowFilter): Row<ScalableTarget>[] {
    return this.stmt.targets.list.all(filterParams(filter)).map((r) => readRow<ScalableTarget>(r)!);
  }

  getPolicy(key: Key, name: string): ScalingPolicy | undefined {
    return readRow<ScalingPolicy>(this.stmt.policies.get.get({ ...key, name }))?.record;
  }
  /** Inserts a new policy or replaces the document of one with the same name (its listing place kept). */
  putPolicy(p: ScalingPolicy): void {
    const params = { ...targetKey(p), name: p.PolicyName, doc: JSON.stringify(p) };
    if (this.stmt.policies.update.run(params).changes === 0) this.stmt.policies.insert.run(params);
  }
  deletePolicy(key: Key, name: string): boolean {
    return this.stmt.policies.delete.run({ ...key, name }).changes > 0;
  }
  listPolicies(filter: RowFilter): Row<ScalingPolicy>[] {
    return this.stmt.policies.list.all(filterParams(filter)).map((r) => readRow<ScalingPolicy>(r)!);
  }

  getScheduledAction(key: Key, name: string): ScheduledAction | undefined {
    return readRow<ScheduledAction>(this.stmt.actions.get.get({ ...key, name }))?.record;
  }
  putScheduledAction(a: ScheduledAction): void {
    const params = { ...targetKey(a), name: a.ScheduledActionName, doc: JSON.stringify(a) };
    if (this.stmt.actions.update.run(params).changes === 0) this.stmt.actions.insert.run(params);
  }
  deleteScheduledAction(key: Key, name: string): boolean {
    return this.stmt.actions.delete.run({ ...key, name }).changes > 0;
  }
  listScheduledActions(filter: RowFilter): Row<ScheduledAction>[] {
    return this.stmt.actions.list.all(filterParams(filter)).map((r) => readRow<ScheduledAction>(r)!);
  }

  insertActivity(a: ScalingActivity): void {
    this.stmt.insertActivity.run({ id: a.ActivityId, ...targetKey(a), startTime: a.StartTime.getTime(), doc: JSON.stringify(a) });
  }
  getActivity(id: string): ScalingActivity | undefined {
    const row = this.stmt.getActivity.get(id) as { doc: string } | undefined;
    return row ? parseDoc<ScalingActivity>(row.doc) : undefined;
  }
  updateActivity(a: ScalingActivity): void {
    this.stmt.updateActivity.run({ id: a.ActivityId, doc: JSON.stringify(a) });
  }
  /** Newest first. */
  listActivities(filter: RowFilter): Row<ScalingActivity>[] {
    return this.stmt.listActivities.all(filterParams(filter)).map((r) => readRow<ScalingActivity>(r)!);
  }
  pruneActivitiesBefore(epochMs: number): void {
    this.stmt.pruneActivities.run(epochMs);
  }
}

function targetKey(r: { ServiceNamespace: string; ResourceId: string; ScalableDimension: string }): Key {
  return { ns: r.ServiceNamespace, resourceId: r.ResourceId, dimension: r.ScalableDimension };
}

function filterParams(f: RowFilter) {
  return { ns: f.ns, dimension: f.dimension ?? null, resourceId: f.resourceId ?? null };
}

/** The members AWS types as timestamps; JSON keeps them as ISO strings. */
const TIME_MEMBERS = new Set(["CreationTime", "StartTime", "EndTime"]);

function parseDoc<T>(doc: string): T {
  return JSON.parse(doc, (key, value: unknown) => (TIME_MEMBERS.has(key) && typeof value === "string" ? new Date(value) : value)) as T;
}

function readRow<T>(row: unknown): Row<T> | undefined {
  if (!row) return undefined;
  const r = row as { seq: number; doc: string };
  return { seq: r.seq, record: parseDoc<T>(r.doc) };
}
