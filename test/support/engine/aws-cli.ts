import { execFile, execFileSync } from "node:child_process";
import { TEST_CONFIG } from "./start-test-engine";

/**
 * The real AWS CLI (botocore signs, serialises and parses: a client nobody here wrote) for the
 * engine's tests. Outside CI its tests skip when `aws` is not installed; CI installs Debian's
 * awscli (.ci/run), so there they run, and fail if it is missing.
 */
function installedVersion(): string | undefined {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return undefined;
  }
}

export const AWS_CLI_VERSION = installedVersion();
/** For `describe.skipIf(SKIP_AWS_CLI)`. */
export const SKIP_AWS_CLI = AWS_CLI_VERSION === undefined && !process.env.CI;

export type CliResult = { code: number; stdout: string; stderr: string };

/** `aws <args> --endpoint-url <engine> --region <test region>` with the test keys and nothing of the machine's own AWS setup. */
export function runAwsCli(engineUrl: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      "aws",
      [...args, "--endpoint-url", engineUrl, "--region", TEST_CONFIG.region],
      {
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ACCESS_KEY_ID: TEST_CONFIG.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CONFIG.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_PAGER: "",
          ...env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
