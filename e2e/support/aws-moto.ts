import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";

/**
 * What the AWS-mode suite (`e2e/aws`, Playwright project `aws`) and its stack share: moto's
 * account and region, the buckets the setup makes, where the running stack says where moto is.
 */
export const AWS_REGION = "us-east-1";
/** moto's default account. */
export const MOTO_ACCOUNT = "123456789012";
export const MOTO_ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/SageMakerExecutionRole`;
/** Dummy keys: moto accepts any signature; the console must still sign with something. */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * A bucket with dots in its name (as many real model buckets have): S3 cannot address it as a
 * virtual host here, so the console must use path-style URLs for it, and the browser uploads to it.
 */
export const DOTTED_BUCKET = "mme.e2e.models";
/** A plain bucket for the workflows whose subject is not S3 addressing (playground, metrics, lifecycle). */
export const PLAIN_BUCKET = "mme-e2e-models";

/** The single-GPU type moto knows (its enum has ml.g4dn.*, not ml.g5.*). */
export const MOTO_GPU_TYPE = "ml.g4dn.xlarge";

export const AWS_CONSOLE_PORT = Number(process.env.E2E_AWS_PORT ?? 3117);

/** Where the AWS stack writes stack.json and moto's log: one folder per console port. */
export function awsStateDir(port = AWS_CONSOLE_PORT): string {
  return process.env.E2E_AWS_STATE_DIR ?? path.join(os.tmpdir(), `mme-e2e-aws-${port}`);
}

export type AwsStackState = {
  /** moto's URL, or undefined when it could not start (then `motoError` says why). */
  motoUrl?: string;
  motoError?: string;
  /** moto's own output (werkzeug's request lines: method, path, status). */
  motoLog: string;
  consoleOrigins: string[];
};

export function readAwsStackState(): AwsStackState {
  const file = path.join(awsStateDir(), "stack.json");
  if (!fs.existsSync(file)) throw new Error(`No AWS stack state at ${file}: is the "aws" project's web server running?`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as AwsStackState;
}

export function writeAwsStackState(state: AwsStackState): void {
  fs.mkdirSync(awsStateDir(), { recursive: true });
  fs.writeFileSync(path.join(awsStateDir(), "stack.json"), JSON.stringify(state, null, 2));
}

/** SDK clients for moto, configured explicitly (never from the machine's AWS config). */
export function motoClients(motoUrl: string) {
  const common = { region: AWS_REGION, endpoint: motoUrl, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sagemaker: new SageMakerClient(common),
    cloudwatch: new CloudWatchClient(common),
  };
}

/** One answer of InvokeEndpoint, in moto's format (`moto/moto_api/_internal/responses.py`, set_sagemaker_result). */
export type MotoInvokeResult = { Body: string; ContentType?: string; InvokedProductionVariant?: string; CustomAttributes?: string };

/**
 * Queues InvokeEndpoint answers in moto (`POST /moto-api/static/sagemaker/endpoint-results`). The
 * queue is one per account and region, whatever the endpoint: each request with new details
 * (endpoint, x-amzn-sagemaker-* headers such as the target model, Accept, body) takes the next
 * answer, and the same request again gets the same answer (`moto/sagemakerruntime/models.py`).
 */
export async function queueInvokeResults(motoUrl: string, results: MotoInvokeResult[]): Promise<void> {
  const res = await fetch(`${motoUrl}/moto-api/static/sagemaker/endpoint-results`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ account_id: MOTO_ACCOUNT, region: AWS_REGION, results }),
  });
  if (res.status !== 201) throw new Error(`moto refused the queued results: ${res.status} ${await res.text()}`);
}

/** moto's request log lines (werkzeug: `"PUT /bucket/key HTTP/1.1" 412 -`) that match. */
export function motoRequests(logFile: string, match: RegExp): string[] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => match.test(l));
}
