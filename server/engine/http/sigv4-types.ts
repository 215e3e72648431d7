/**
 * The shapes SigV4 verification passes between its steps (parse-sigv4, canonical-request,
 * verify-sigv4) and hands to the protocols that word its failures: kept apart so that those
 * files import one another in one direction only.
 */

export type Query = Record<string, string | string[]>;

export type ParsedAuth = {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  /** As the client listed them: `host;x-amz-date`. */
  signedHeaders: string;
  signature: string;
  amzDate: string;
  /** Presigned only: seconds the URL stays valid. */
  expires?: number;
};

export type SigV4Request = {
  method: string;
  /** The path exactly as received, still percent-encoded. */
  path: string;
  /** The query string as received, without the leading "?". */
  rawQuery: string;
  /** Lowercased header names. */
  headers: Record<string, string | undefined>;
  /** The whole body, for services that buffer it; absent when the payload is `declared`. */
  body?: Uint8Array;
};

export type SigV4Options = {
  /** The signing name the credential scope must carry (`sagemaker`, `s3`, `monitoring`). */
  service: string;
  region: string;
  /** The secret of an access key id, or undefined for an unknown key. */
  secretFor(accessKeyId: string): string | undefined;
  now?: Date;
  /** S3 signs the path as sent; every other service signs it URI-encoded once more. */
  uriEscapePath?: boolean;
  /** S3 allows `x-amz-content-sha256: UNSIGNED-PAYLOAD` (and presigned URLs never sign the body). */
  allowUnsignedPayload?: boolean;
  /** Presigned URLs for a service other than S3 (STS: EKS tokens are presigned GetCallerIdentity calls). */
  allowPresigned?: boolean;
  /**
   * `body`: hash the buffered body (and check a claimed hash against it). `declared`: trust the
   * declared `x-amz-content-sha256` for the signature; the caller checks the body later.
   */
  payload?: "body" | "declared";
};

/** What aws-chunked uploads need to check their per-chunk signatures: the chain's seed. */
export type SigningSeed = { signature: string; amzDate: string; scope: string; signingKey: Buffer };

export type SigV4Failure =
  | { kind: "missing" }
  | { kind: "incomplete"; message: string; presigned?: boolean }
  | { kind: "unknown-access-key"; accessKeyId: string }
  | { kind: "expired"; requestTime: string; earliest: string; now: string }
  | { kind: "not-yet-current"; requestTime: string; latest: string; now: string; presigned: boolean }
  | { kind: "presign-expired"; expires: number; expiresAt: Date; now: Date }
  | { kind: "scope-date-mismatch"; scopeDate: string; requestTime: string; presigned: boolean }
  | { kind: "wrong-region"; region: string; presigned: boolean }
  | { kind: "wrong-service"; service: string; presigned: boolean }
  | { kind: "payload-hash-mismatch"; claimed: string; computed: string }
  | { kind: "missing-payload-hash" }
  | { kind: "invalid-payload-hash"; claimed: string }
  | { kind: "signature-mismatch"; accessKeyId: string; signatureProvided: string; canonicalRequest: string; stringToSign: string };

export type SigV4Result =
  | { ok: true; accessKeyId: string; presigned: boolean; payloadHash: string; seed: SigningSeed }
  | { ok: false; failure: SigV4Failure };
