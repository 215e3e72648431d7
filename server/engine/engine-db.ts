import { join } from "node:path";
import { AUTOSCALING_TABLES_V1 } from "./autoscaling/backend/store/autoscaling-schema";
import { S3_TABLES_V1 } from "./s3/backend/store/s3-schema";
import { SAGEMAKER_TABLES_V1 } from "./sagemaker/backend/store/sagemaker-schema";
import { openDatabase, type EngineDatabase } from "./store/open-database";

/**
 * engine.db holds SageMaker's, S3's and Application Auto Scaling's state. The file has one
 * `user_version`, so its migrations are one sequence: each service declares its steps beside its
 * store, and they are ordered here (append only: a released position never changes).
 */
export const ENGINE_DB_MIGRATIONS: readonly string[] = [SAGEMAKER_TABLES_V1, S3_TABLES_V1, AUTOSCALING_TABLES_V1];

/** Opens `<dataDir>/engine.db` durably (WAL, synchronous=FULL) at the latest schema. */
export function openEngineDb(dataDir: string): EngineDatabase {
  return openDatabase(join(dataDir, "engine.db"), { synchronous: "FULL", migrations: ENGINE_DB_MIGRATIONS });
}
