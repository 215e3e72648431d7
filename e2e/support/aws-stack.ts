import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import {
  AWS_CONSOLE_PORT,
  AWS_REGION,
  awsStateDir,
  DOTTED_BUCKET,
  MOTO_CREDENTIALS,
  MOTO_ROLE_ARN,
  PLAIN_BUCKET,
  writeAwsStackState,
  type AwsStackState,
} from "./aws-moto";

/**
 * The "aws" Playwright project's web server: moto on a free loopback port (started and stopped
 * here), the buckets the workflows need, the dev IdP, and the built console with MME_BACKEND=aws
 * pointed at moto through AWS_ENDPOINT_URL. Nothing of the machine's own AWS setup reaches any of
 * them. playwright.config.ts runs this file (`awsStackCommand`); importing it starts nothing.
 */
export const awsStackCommand = "node --import tsx e2e/support/aws-stack.ts";

const MOTO_START_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const port = AWS_CONSOLE_PORT;
  const stateDir = awsStateDir(port);
  fs.mkdirSync(stateDir, { recursive: true });
  const motoLog = path.join(stateDir, "moto.log");
  const consoleOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

  // The machine's AWS configuration (profiles, SSO, real keys, service endpoints) reaches nothing
  // started from here: every AWS_* variable goes, and the console gets only what is set below.
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];

  let moto: ChildProcess | undefined;
  let stackRunning = false;
  const stopMoto = () => {
    if (moto && moto.exitCode === null && moto.signalCode === null) moto.kill("SIGTERM");
  };
  process.on("exit", stopMoto);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopMoto();
      // Once the stack runs, its own handler stops the console and the IdP, then exits.
      if (!stackRunning) process.exit(0);
    });
  }

  const state: AwsStackState = { motoLog, consoleOrigins };
  try {
    const started = await startMoto(motoLog);
    moto = started.child;
    state.motoUrl = started.url;
    moto.on("exit", (code, signal) => {
      console.error(`[aws-stack] moto exited (${code ?? signal}); stopping`);
      process.kill(process.pid, "SIGTERM");
    });
    await createBuckets(started.url, consoleOrigins);
    console.log(`[aws-stack] moto on ${started.url} (log ${motoLog}); buckets ${DOTTED_BUCKET}, ${PLAIN_BUCKET}`);
  } catch (e) {
    // The console still starts (the engine suite beside it must not be taken down), and every test
    // of the aws project fails with this reason (e2e/support/aws-fixtures.ts).
    state.motoError = e instanceof Error ? e.message : String(e);
    console.error(`[aws-stack] moto did not start: ${state.motoError}`);
  }
  writeAwsStackState(state);

  const { runStack } = await import("../../scripts/stack/run-stack");
  stackRunning = true;
  await runStack({
    consolePort: port,
    consoleHost: "127.0.0.1",
    enginePort: 0,
    idpPort: 0,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "mme-e2e-aws-data-")),
    seed: false,
    dev: false,
    engine: false,
    env: {
      MME_BACKEND: "aws",
      AWS_REGION,
      // A closed port when moto is missing: the console answers "unreachable" rather than reaching AWS.
      AWS_ENDPOINT_URL: state.motoUrl ?? "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      MME_DEFAULT_EXECUTION_ROLE_ARN: MOTO_ROLE_ARN,
      MME_DEFAULT_MODEL_PREFIX: `s3://${PLAIN_BUCKET}/`,
    },
  });
}

/**
 * `python3 -m moto.server -H 127.0.0.1 -p 0`: the OS picks a free port, which werkzeug prints
 * (`Running on http://127.0.0.1:PORT`). All its output goes to `logFile` (one line per request).
 */
function startMoto(logFile: string): Promise<{ url: string; child: ChildProcess }> {
  const python = process.env.MOTO_PYTHON ?? "python3";
  const log = fs.createWriteStream(logFile, { flags: "w" });
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], {
    env: { ...process.env, PYTHONUNBUFFERED: "1" } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`moto did not listen within ${MOTO_START_TIMEOUT_MS / 1000} s: ${tail.join(" | ")}`));
    }, MOTO_START_TIMEOUT_MS);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${python}: ${e.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${python} -m moto.server exited (${code}) before listening: ${tail.join(" | ")} (is moto[server] 5.x installed for ${python}?)`));
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        log.write(`${line}\n`);
        if (tail.length >= 5) tail.shift();
        tail.push(line);
        const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve({ url: m[1]!, child });
        }
      });
    }
  });
}

/** The buckets, made through the S3 SDK as one would make real ones, with the CORS rules a browser upload needs. */
async function createBuckets(motoUrl: string, consoleOrigins: string[]): Promise<void> {
  const { CreateBucketCommand, PutBucketCorsCommand, S3Client } = await import("@aws-sdk/client-s3");
  const s3 = new S3Client({ region: AWS_REGION, endpoint: motoUrl, credentials: MOTO_CREDENTIALS, forcePathStyle: true });
  for (const bucket of [DOTTED_BUCKET, PLAIN_BUCKET]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: consoleOrigins, AllowedMethods: ["GET", "PUT", "HEAD"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3000 }],
        },
      }),
    );
  }
  s3.destroy();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error("[aws-stack]", e);
    process.exit(1);
  });
}
