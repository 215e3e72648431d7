import type { CandidateConfig, SimulationOutcome } from "@/lib/capacity/capacity-types";
import type { MinuteTraffic } from "@/lib/capacity/minute-traffic";
import type { RequestTrace } from "@/lib/capacity/poisson-placement";

/**
 * What a capacity worker is sent first ("init"), all on shared memory (not copied): the
 * traffic, the models, and the trace to fill. Workers are started before the traffic is built,
 * so their start-up overlaps it. Each places the minutes [from, to) into the trace, says
 * "placed", and replays configurations once every worker has placed its share.
 */
export type CapacityWorkerData = {
  traffic: MinuteTraffic;
  seed: number;
  bytes: Float64Array;
  loadMs: Float64Array;
  trace: RequestTrace;
  from: number;
  to: number;
};

export type ToCapacityWorker = { type: "init"; data: CapacityWorkerData } | { type: "run"; index: number; config: CandidateConfig };

export type FromCapacityWorker =
  | { type: "placed" }
  | { type: "done"; index: number; outcome: SimulationOutcome }
  | { type: "failed"; index: number; message: string };
