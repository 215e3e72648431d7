import type { EngineDatabase } from "../../../store/open-database";
import type { EndpointConfigRecord, EndpointRecord, ModelRecord, Tag } from "../types";

/**
 * SQLite persistence for the SageMaker backend. Rows are keyed by the lowercased name; the whole
 * record is kept as a JSON document, with the columns needed for lookups beside it. Callers own
 * transactions (see `SageMakerStore.transaction`): one API call, one transaction.
 */
export class SageMakerStore {
  private readonly stmt;

  constructor(private readonly db: EngineDatabase) {
    this.stmt = {
      getModel: db.prepare("SELECT doc FROM sm_models WHERE name_key = ?"),
      insertModel: db.prepare("INSERT INTO sm_models (name_key, name, arn, creation_time, doc) VALUES (?, ?, ?, ?, ?)"),
      deleteModel: db.prepare("DELETE FROM sm_models WHERE name_key = ?"),
      allModels: db.prepare("SELECT doc FROM sm_models"),
      getConfig: db.prepare("SELECT doc FROM sm_endpoint_configs WHERE name_key = ?"),
      insertConfig: db.prepare("INSERT INTO sm_endpoint_configs (name_key, name, arn, creation_time, doc) VALUES (?, ?, ?, ?, ?)"),
      deleteConfig: db.prepare("DELETE FROM sm_endpoint_configs WHERE name_key = ?"),
      allConfigs: db.prepare("SELECT doc FROM sm_endpoint_configs"),
      getEndpoint: db.prepare("SELECT doc FROM sm_endpoints WHERE name_key = ?"),
      upsertEndpoint: db.prepare(
        `INSERT INTO sm_endpoints (name_key, name, arn, status, creation_time, last_modified_time, due_at, doc)
         VALUES (@nameKey, @name, @arn, @status, @creationTime, @lastModifiedTime, @dueAt, @doc)
         ON CONFLICT (name_key) DO UPDATE SET status = @status, last_modified_time = @lastModifiedTime,
           due_at = @dueAt, doc = @doc`,
      ),
      deleteEndpoint: db.prepare("DELETE FROM sm_endpoints WHERE name_key = ?"),
      allEndpoints: db.prepare("SELECT doc FROM sm_endpoints"),
      dueEndpoints: db.prepare("SELECT doc FROM sm_endpoints WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at"),
      nextDueAt: db.prepare("SELECT MIN(due_at) AS due FROM sm_endpoints WHERE due_at IS NOT NULL"),
      listTags: db.prepare("SELECT key, value FROM sm_tags WHERE resource_arn = ? ORDER BY position, key"),
      maxTagPosition: db.prepare("SELECT COALESCE(MAX(position), -1) AS p FROM sm_tags WHERE resource_arn = ?"),
      upsertTag: db.prepare(
        `INSERT INTO sm_tags (resource_arn, key, value, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
      ),
      deleteTag: db.prepare("DELETE FROM sm_tags WHERE resource_arn = ? AND key = ?"),
      deleteAllTags: db.prepare("DELETE FROM sm_tags WHERE resource_arn = ?"),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction: committed (and fsynced) when it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  getModel(nameKey: string): ModelRecord | undefined {
    return parseDoc(this.stmt.getModel.get(nameKey));
  }
  insertModel(m: ModelRecord): void {
    this.stmt.insertModel.run(m.name.toLowerCase(), m.name, m.arn, m.creationTime, JSON.stringify(m));
  }
  deleteModel(nameKey: string): void {
    this.stmt.deleteModel.run(nameKey);
  }
  allModels(): ModelRecord[] {
    return this.stmt.allModels.all().map((row) => parseDoc<ModelRecord>(row)!);
  }

  getEndpointConfig(nameKey: string): EndpointConfigRecord | undefined {
    return parseDoc(this.stmt.getConfig.get(nameKey));
  }
  insertEndpointConfig(c: EndpointConfigRecord): void {
    this.stmt.insertConfig.run(c.name.toLowerCase(), c.name, c.arn, c.creationTime, JSON.stringify(c));
  }
  deleteEndpointConfig(nameKey: string): void {
    this.stmt.deleteConfig.run(nameKey);
  }
  allEndpointConfigs(): EndpointConfigRecord[] {
    return this.stmt.allConfigs.all().map((row) => parseDoc<EndpointConfigRecord>(row)!);
  }

  getEndpoint(nameKey: string): EndpointRecord | undefined {
    return parseDoc(this.stmt.getEndpoint.get(nameKey));
  }
  putEndpoint(e: EndpointRecord): void {
    this.stmt.upsertEndpoint.run({
      nameKey: e.name.toLowerCase(),
      name: e.name,
      arn: e.arn,
      status: e.status,
      creationTime: e.creationTime,
      lastModifiedTime: e.lastModifiedTime,
      dueAt: e.dueAt,
      doc: JSON.stringify(e),
    });
  }
  deleteEndpoint(nameKey: string): void {
    this.stmt.deleteEndpoint.run(nameKey);
  }
  allEndpoints(): EndpointRecord[] {
    return this.stmt.allEndpoints.all().map((row) => parseDoc<EndpointRecord>(row)!);
  }
  /** Endpoints whose transition is due at or before `now`, earliest first. */
  dueEndpoints(now: number): EndpointRecord[] {
    return this.stmt.dueEndpoints.all(now).map((row) => parseDoc<EndpointRecord>(row)!);
  }
  nextDueAt(): number | undefined {
    const row = this.stmt.nextDueAt.get() as { due: number | null };
    return row.due ?? undefined;
  }

  listTags(arn: string): Tag[] {
    return (this.stmt.listTags.all(arn) as { key: string; value: string }[]).map((r) => ({ Key: r.key, Value: r.value }));
  }
  /** Adds tags or overwrites the values of existing keys, keeping first-added order. */
  putTags(arn: string, tags: readonly Tag[]): void {
    let position = (this.stmt.maxTagPosition.get(arn) as { p: number }).p;
    for (const tag of tags) this.stmt.upsertTag.run(arn, tag.Key, tag.Value, ++position);
  }
  deleteTags(arn: string, keys: readonly string[]): void {
    for (const key of keys) this.stmt.deleteTag.run(arn, key);
  }
  deleteAllTags(arn: string): void {
    this.stmt.deleteAllTags.run(arn);
  }
}

function parseDoc<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as { doc: string }).doc) as T) : undefined;
}
