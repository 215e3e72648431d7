/**
 * The local engine's well-known defaults. They are not secrets: the engine binds loopback only,
 * and these keys exist so that every request is SigV4-signed exactly as against AWS.
 * Override them with MME_ENGINE_ACCESS_KEY_ID / MME_ENGINE_SECRET_ACCESS_KEY / MME_ENGINE_REGION.
 */
export const LOCAL_ENGINE_DEFAULTS = {
  accessKeyId: "MMELOCALACCESSKEY00",
  secretAccessKey: "mme-local-secret-key",
  region: "us-east-1",
  accountId: "000000000000",
  port: 9470,
} as const;
