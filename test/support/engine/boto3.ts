import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_CREDENTIALS } from "./start-test-engine";

/**
 * boto3 (what the SageMaker Python SDK is built on) for the engine's tests: botocore signs,
 * serialises and parses, as with the AWS CLI, and the scripts make the calls exactly as the SDK's
 * code makes them. The first of PATH's `python3` and Debian's `/usr/bin/python3` that imports
 * boto3 runs them. Outside CI the tests skip when neither has boto3; under CI they run, and fail.
 */
function findBoto3Python(): { python: string; version: string } | undefined {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      const version = execFileSync(python, ["-c", "import boto3, botocore; print(f'boto3 {boto3.__version__}, botocore {botocore.__version__}')"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      return { python, version };
    } catch {
      // Not installed, or no boto3: try the next.
    }
  }
  return undefined;
}

export const BOTO3 = findBoto3Python();
/** For `describe.skipIf(SKIP_BOTO3)`. */
export const SKIP_BOTO3 = BOTO3 === undefined && !process.env.CI;

export type ScriptResult = { code: number; stdout: string; stderr: string };

/**
 * Runs `test/support/engine/<script>` with boto3 pointed at the engine the way a user points
 * unchanged code at it (`AWS_ENDPOINT_URL`), the test keys, one attempt per call, and nothing of
 * the machine's own AWS setup. The script gets the engine's URL and region as its arguments.
 */
export function runBoto3Script(script: string, engineUrl: string, region: string): Promise<ScriptResult> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve) => {
    execFile(
      BOTO3?.python ?? "python3",
      [path, engineUrl, region],
      {
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ENDPOINT_URL: engineUrl,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_MAX_ATTEMPTS: "1",
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
