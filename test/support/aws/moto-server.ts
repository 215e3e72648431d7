import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient, type ProductionVariantInstanceType } from "@aws-sdk/client-sagemaker";

/** A moto server (an independent implementation of the AWS APIs) this test started, and only that one. */
export type MotoServer = {
  /** http://127.0.0.1:<port>: the endpoint for every service (AWS_ENDPOINT_URL). */
  url: string;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited (${child.exitCode}): ${output()}`);
    try {
      if ((await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto did not answer within 30 s: ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts `python3 -m moto.server` on a free loopback port (retrying if another process took the port first). */
export async function startMoto(): Promise<MotoServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    try {
      await waitReady(url, child, () => output);
    } catch (e) {
      await stopChild(child);
      if (attempt < 2 && /in use/i.test(output)) continue;
      throw e;
    }
    return {
      url,
      async reset() {
        await fetch(`${url}/moto-api/reset`, { method: "POST" });
      },
      stop: () => stopChild(child),
    };
  }
}

/**
 * The environment of the console in AWS mode against moto: the SDK follows AWS_ENDPOINT_URL, the
 * default chain finds the keys in the environment (moto accepts any), nothing asks EC2's metadata.
 */
export function awsModeEnv(endpointUrl: string, region = "us-east-1"): Record<string, string> {
  return {
    MME_BACKEND: "aws",
    AWS_REGION: region,
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** The test's own clients straight to moto (the arrangement; the console under test has its own). */
export function motoClientConfig(url: string) {
  return { region: "us-east-1", endpoint: url, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
}

/**
 * A Triton MME on moto as a console user's would be: model, endpoint config (one variant,
 * AllTraffic) and endpoint, all named `name`.
 */
export async function createMotoMmeEndpoint(url: string, a: { name: string; modelDataUrl: string; instanceType: ProductionVariantInstanceType; instanceCount: number }): Promise<void> {
  const sm = new SageMakerClient(motoClientConfig(url));
  try {
    await sm.send(
      new CreateModelCommand({
        ModelName: a.name,
        ExecutionRoleArn: "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
        PrimaryContainer: { Image: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3", Mode: "MultiModel", ModelDataUrl: a.modelDataUrl },
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${a.name}-c`,
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: a.name, InstanceType: a.instanceType, InitialInstanceCount: a.instanceCount }],
      }),
    );
    await sm.send(new CreateEndpointCommand({ EndpointName: a.name, EndpointConfigName: `${a.name}-c` }));
  } finally {
    sm.destroy();
  }
}
