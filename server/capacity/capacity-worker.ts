import { parentPort } from "node:worker_threads";
import { placeMinutes } from "@/lib/capacity/poisson-placement";
import { simulateConfig } from "@/lib/capacity/simulate-config";
import type { CapacityWorkerData, FromCapacityWorker, ToCapacityWorker } from "./capacity-worker-protocol";

// A worker thread of run-capacity-simulation.ts: places its share of the trace's minutes into
// the shared trace, then replays each configuration it is sent (only after every share is placed).
const port = parentPort!;
const send = (msg: FromCapacityWorker) => port.postMessage(msg);
let data: CapacityWorkerData | undefined;

port.on("message", (msg: ToCapacityWorker) => {
  if (msg.type === "init") {
    data = msg.data;
    placeMinutes(data.traffic, data.seed, data.trace, data.from, data.to);
    return send({ type: "placed" });
  }
  try {
    send({ type: "done", index: msg.index, outcome: simulateConfig(data!.trace, { bytes: data!.bytes, loadMs: data!.loadMs }, msg.config) });
  } catch (err) {
    send({ type: "failed", index: msg.index, message: err instanceof Error ? err.message : String(err) });
  }
});
