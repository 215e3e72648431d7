/** One target model the endpoint's traffic touched, and what loading it costs when it is not cached. */
export type TouchedModel = {
  targetModel: string;
  /** Requests for it over the last hour. */
  invocationsLastHour: number;
  /** Seconds a request waits when the model is not loaded (download + load), measured for this model; undefined when never measured. */
  loadSeconds?: number;
};

export type ColdStartInput = {
  models: readonly TouchedModel[];
  /** The endpoint's own average cold wait, for models with no measurement of their own. */
  endpointLoadSeconds?: number;
  /** Instances in service now; the new one joins them. */
  instances: number;
  /** How long "its first minutes" are. */
  minutes?: number;
};

export type ColdStartEstimate = {
  /** Distinct target models the last hour's traffic touched. */
  touched: number;
  /** Models a new instance is expected to load within `minutes`. */
  models: number;
  /** Seconds of loading wait those first requests add, in total. */
  seconds: number;
  /** Whether any load time was known (else `seconds` is 0 for want of a measurement, not because loads are free). */
  measured: boolean;
  minutes: number;
};

export const FIRST_MINUTES = 5;

/**
 * What a scale-out costs on a multi-model endpoint: a new instance starts with an empty cache, so
 * the first request for each model routed to it waits for that model to download and load.
 * Requests are taken as spread evenly over the instances (the new one gets 1/(n+1) of each
 * model's traffic) and as arriving at the last hour's rate, independently (Poisson): a model with
 * r requests a minute reaches the new instance within m minutes with probability
 * 1 − exp(−r·m/(n+1)). The expected number of models loaded is the sum of those probabilities; the
 * expected wait is each probability times that model's cold wait (else the endpoint's average).
 */
export function estimateColdStart(input: ColdStartInput): ColdStartEstimate {
  const minutes = input.minutes ?? FIRST_MINUTES;
  const share = 1 / (Math.max(0, input.instances) + 1);
  let models = 0;
  let seconds = 0;
  let measured = false;
  let touched = 0;
  for (const m of input.models) {
    if (!(m.invocationsLastHour > 0)) continue;
    touched++;
    const perMinute = m.invocationsLastHour / 60;
    const p = 1 - Math.exp(-perMinute * minutes * share);
    models += p;
    const wait = m.loadSeconds ?? input.endpointLoadSeconds;
    if (wait !== undefined && Number.isFinite(wait)) {
      measured = true;
      seconds += p * wait;
    }
  }
  return { touched, models, seconds, measured, minutes };
}

/** The sentence beside the policy, with figures rounded as a person would say them. */
export function coldStartSentence(e: ColdStartEstimate): string {
  if (e.touched === 0) return "No model was invoked in the last hour, so a new instance would have nothing to load yet.";
  const n = e.models < 1 ? "at most 1" : `about ${Math.round(e.models)}`;
  const models = `${n} model${Math.round(e.models) === 1 || e.models < 1 ? "" : "s"}`;
  const head = `A new instance will load ${models} in its first ${e.minutes} minutes`;
  if (!e.measured) return `${head}; no load time has been measured yet to say how long that takes.`;
  return `${head}, adding about ${formatSeconds(e.seconds)} of loading wait.`;
}

function formatSeconds(s: number): string {
  if (s < 0.1) return "0.1 s or less";
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${(s / 60).toFixed(1)} min`;
}
