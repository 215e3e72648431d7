import { Agent } from "node:http";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { CREDENTIALS, REGION } from "./bench-endpoint";
import { checkOnnxAddResponse } from "./fixtures";
import { KeepAliveClient } from "./keep-alive-client";
import type { Op } from "./load-loops";
import { sequentialLatencies } from "./load-loops";
import { InvokeSigner } from "./sigv4-signer";

export type InvokeTarget = { url: string; endpointName: string; targetModel: string; body: Uint8Array };

/**
 * InvokeEndpoint signed here with @smithy/signature-v4 and sent with the bench's keep-alive
 * client: the same client (and the same signing work) as the echo floor, so the difference
 * between the two is the server. Non-200 answers throw.
 */
export function signedInvoker(target: InvokeTarget, maxSockets = 64) {
  const client = new KeepAliveClient(target.url, maxSockets);
  const signer = new InvokeSigner(new URL(target.url).host, CREDENTIALS, REGION);
  const send = async (targetModel = target.targetModel) => {
    const req = await signer.sign(target.endpointName, targetModel, target.body);
    return client.send(req);
  };
  const op: Op = async () => {
    const res = await send();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.toString("utf8").slice(0, 300)}`);
  };
  return { op, send, signOnly: () => signer.sign(target.endpointName, target.targetModel, target.body), close: () => client.close() };
}

/** The same call through @aws-sdk/client-sagemaker-runtime (its own keep-alive node:http handler). */
export function sdkInvoker(target: InvokeTarget, maxSockets = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const sdk = new SageMakerRuntimeClient({ endpoint: target.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1, requestHandler: { httpAgent: agent } });
  const op: Op = () =>
    sdk.send(new InvokeEndpointCommand({ EndpointName: target.endpointName, TargetModel: target.targetModel, ContentType: "application/json", Accept: "application/json", Body: target.body }));
  return {
    op,
    async check() {
      const out = await sdk.send(new InvokeEndpointCommand({ EndpointName: target.endpointName, TargetModel: target.targetModel, ContentType: "application/json", Body: target.body }));
      checkOnnxAddResponse(out.Body!);
    },
    close: () => {
      sdk.destroy();
      agent.destroy();
    },
  };
}

/**
 * Latency of several subjects measured in interleaved rounds (A B C A B C ...), each round after
 * its own short warmup, so that a machine getting slower or faster during the run affects all of
 * them alike. Returns every sample, in microseconds, per subject.
 */
export async function interleavedLatencies(subjects: Record<string, Op>, opts: { rounds: number; perRound: number; warmupPerRound: number }): Promise<Record<string, Float64Array>> {
  const out: Record<string, Float64Array> = {};
  for (const name of Object.keys(subjects)) out[name] = new Float64Array(opts.rounds * opts.perRound);
  for (let r = 0; r < opts.rounds; r++) {
    for (const [name, op] of Object.entries(subjects)) {
      for (let i = 0; i < opts.warmupPerRound; i++) await op();
      out[name]!.set(await sequentialLatencies(op, opts.perRound), r * opts.perRound);
    }
  }
  return out;
}
