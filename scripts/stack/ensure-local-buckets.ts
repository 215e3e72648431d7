import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import { LOCAL_ENGINE_DEFAULTS } from "../../lib/local-engine-defaults";

/** The buckets the create form and the demo point at by default. */
export const LOCAL_BUCKETS = ["mme-models", "mme-demo"];

/**
 * Makes the local stack's buckets exist, with the CORS rules a browser needs to upload parts
 * straight to them from the console's origins (PUT, and the ETag header exposed). Idempotent,
 * and done through the S3 SDK exactly as one would configure a real bucket.
 */
export async function ensureLocalBuckets(opts: { engineUrl: string; consoleOrigins: string[]; env: Record<string, string | undefined> }) {
  const s3 = new S3Client({
    region: opts.env.MME_ENGINE_REGION ?? LOCAL_ENGINE_DEFAULTS.region,
    endpoint: opts.engineUrl,
    forcePathStyle: true,
    credentials: {
      accessKeyId: opts.env.MME_ENGINE_ACCESS_KEY_ID ?? LOCAL_ENGINE_DEFAULTS.accessKeyId,
      secretAccessKey: opts.env.MME_ENGINE_SECRET_ACCESS_KEY ?? LOCAL_ENGINE_DEFAULTS.secretAccessKey,
    },
  });
  for (const bucket of LOCAL_BUCKETS) {
    const exists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      () => false,
    );
    if (!exists) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: opts.consoleOrigins, AllowedMethods: ["GET", "PUT", "HEAD"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3000 }],
        },
      }),
    );
  }
  s3.destroy();
}
