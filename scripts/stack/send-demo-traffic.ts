import fs from "node:fs";
import path from "node:path";
import { SageMakerClient, waitUntilEndpointInService } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { targetModel } from "../../lib/model-registry";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/models");

/** A skewed mix, as real MME traffic is: the first model is hot, the last one cold. */
const MIX: readonly [model: string, requests: number][] = [
  ["onnx-add", 24],
  ["xgboost-binary", 10],
  ["lightgbm-binary", 4],
];

/**
 * Invokes the demo models a few dozen times once the demo endpoint is in service, so that the
 * dashboards, the models table and the residency view show something on a newcomer's first
 * start. Real InvokeEndpoint calls through the SDK, recorded by the engine like any others.
 * Runs in the background; a failure is logged, never fatal.
 */
export async function sendDemoTraffic(opts: { sm: SageMakerClient; runtime: SageMakerRuntimeClient; endpointName: string }): Promise<void> {
  await waitUntilEndpointInService({ client: opts.sm, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { EndpointName: opts.endpointName });
  const requests = MIX.map(([model, count]) => {
    const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${model}.reference.json`), "utf8")) as { cases: { request: unknown }[] };
    return { model, count, body: new TextEncoder().encode(JSON.stringify(reference.cases[0]!.request)) };
  });
  for (const { model, count, body } of requests) {
    for (let i = 0; i < count; i++) {
      await opts.runtime.send(new InvokeEndpointCommand({ EndpointName: opts.endpointName, TargetModel: targetModel(model, 1), ContentType: "application/json", Body: body }));
    }
  }
  console.log(`[stack] sent ${MIX.reduce((n, [, c]) => n + c, 0)} demo invocations to "${opts.endpointName}"`);
}
