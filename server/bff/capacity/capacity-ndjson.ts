import "server-only";
import type { CapacityQuery, CapacityStreamLine } from "@/lib/schemas/capacity";
import { toErrorResponse } from "@/server/route/api-error";
import { planCapacity } from "./plan-capacity";

/**
 * The plan as NDJSON (`Accept: application/x-ndjson`): a `progress` line as each configuration's
 * replay completes, then the `result` line (or an `error` line). The answer starts only once the
 * replay has, so a missing endpoint or a bad price file is still a plain JSON error with its status.
 */
export async function capacityNdjson(endpoint: string, query: CapacityQuery): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let gone = false;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: () => void (gone = true) });
  // A caller that went away stops the lines, not the replay: enqueueing on a cancelled stream would
  // throw inside the simulation's message handler.
  const send = (line: CapacityStreamLine) => {
    if (!gone) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
  };
  let started!: () => void;
  const firstLine = new Promise<void>((resolve) => (started = resolve));
  const plan = planCapacity(endpoint, query, {
    onProgress: (progress) => {
      started();
      send({ progress });
    },
  });
  // Whichever comes first: the first progress line, or the plan's end (no traffic: no replay), or its failure.
  await Promise.race([firstLine, plan]);
  plan.then(
    (result) => send({ result }),
    (e: unknown) => {
      const { status, body } = toErrorResponse(e);
      send({ error: { ...body.error, status } });
    },
  ).finally(() => {
    if (!gone) controller.close();
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
