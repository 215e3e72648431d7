import type { Readable } from "node:stream";
import type { AwsError } from "../aws-error";
import type { SigV4Failure, SigningSeed } from "./sigv4-types";

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
  readonly streaming?: false;
  /** The largest request body the service accepts. */
  readonly maxBodyBytes: number;
  /** The service's own error for a body over `maxBodyBytes` (default: a 413 RequestEntityTooLargeException). */
  payloadTooLarge?(requestId: string): AwsError;
  /**
   * The service's own wording of a SigV4 failure (default: the JSON services', `jsonAuthError`).
   * awsQuery services such as STS answer with other codes and statuses (SignatureDoesNotMatch, 403).
   */
  authError?(failure: SigV4Failure, region: string): AwsError;
  /** The namespace of its awsQuery `<ErrorResponse>` (default: CloudWatch's). */
  readonly xmlNamespace?: string;
  handle(req: EngineRequest): Promise<EngineResponse> | EngineResponse;
}

/** A request whose signature is checked from its headers alone. */
export type VerifiedRequest = {
  accessKeyId: string;
  presigned: boolean;
  /** The declared `x-amz-content-sha256` (or UNSIGNED-PAYLOAD for presigned URLs). */
  payloadHash: string;
  seed: SigningSeed;
};

/**
 * A request handed over before its body is read, so a service can stream gigabytes to disk.
 * The service authenticates it itself (S3 answers CORS preflights unsigned) and reads the body
 * only after `acceptBody()`, which lets a client that sent `Expect: 100-continue` start sending.
 */
export type StreamingEngineRequest = {
  requestId: string;
  /** S3's second request id (`x-amz-id-2`, `<HostId>`). */
  hostId: string;
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string | undefined>;
  body: Readable;
  acceptBody(): void;
  /** Verifies SigV4 against the declared payload hash; throws the protocol's own auth error. */
  authenticate(): Promise<VerifiedRequest>;
};

export type StreamingEngineResponse = {
  status: number;
  /** Include `content-length` for a stream; it is set for strings and buffers. */
  headers?: Record<string, string>;
  /** Absent for bodiless answers (HEAD, 204, 304). A stream is piped with backpressure. */
  body?: string | Buffer | Readable;
};

export interface StreamingServiceHandler {
  readonly streaming: true;
  handle(req: StreamingEngineRequest): Promise<StreamingEngineResponse>;
  /** The service's own wording of a SigV4 failure (the edge checks the signature, the service words the refusal). */
  authError(failure: SigV4Failure, region: string): AwsError;
}

export type AnyServiceHandler = ServiceHandler | StreamingServiceHandler;
