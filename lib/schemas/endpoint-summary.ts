import { z } from "zod";
import { sageMakerName } from "@/lib/schemas/endpoint";

/** The endpoints list asks for the rows of one page at a time (its pages are 50). */
export const MAX_SUMMARY_ENDPOINTS = 100;

/** `names=a,b`: the endpoints whose figures a page of the list shows. */
export const endpointSummariesQuery = z.object({
  names: z
    .string()
    .max(MAX_SUMMARY_ENDPOINTS * 64)
    .transform((s) => [...new Set(s.split(",").filter(Boolean))])
    .pipe(z.array(sageMakerName).min(1).max(MAX_SUMMARY_ENDPOINTS)),
});

/**
 * What ListEndpoints does not say about an endpoint: its instances, how many models its registry
 * holds, its invocations over the last 24 hours and why it failed. A figure that could not be
 * read is absent (the row shows a dash), never a guess.
 */
export type EndpointSummaryView = {
  name: string;
  /** Deleted since the list was read. */
  gone?: true;
  failureReason?: string;
  /** One entry per production variant (the console's endpoints have one). */
  instances: { instanceType?: string; count?: number }[];
  modelCount?: number;
  /** The registry holds more models than were counted (modelCount is a lower bound). */
  modelCountCapped?: true;
  invocations24h?: number;
};

export type EndpointSummariesView = { summaries: Record<string, EndpointSummaryView> };
