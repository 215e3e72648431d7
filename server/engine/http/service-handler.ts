/** What the edge router hands a service once it has read and authenticated a request. */
export type EngineRequest = {
  requestId: string;
  method: string;
  /** Raw (percent-encoded) path. */
  path: string;
  rawQuery: string;
  /** Lowercased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The operation named by the request when the router could tell (X-Amz-Target). */
  operation?: string;
};

export type EngineResponse = {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
};

/** One AWS service behind the edge: its protocol layer, which calls into its backend. */
export interface ServiceHandler {
  /** The largest request body the service accepts. */
  readonly maxBodyBytes: number;
  handle(req: EngineRequest): Promise<EngineResponse> | EngineResponse;
}
