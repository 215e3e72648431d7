import "server-only";
import type { Verification } from "@/lib/model-registry";
import { readHead, updateHead } from "@/server/bff/models/model-head";
import { runVerification } from "@/server/bff/models/run-verification";
import { readVersionRecord } from "@/server/bff/models/version-record";
import { modelDataLocation, type ModelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/**
 * How long a request waits for the check before answering "verifying": long enough for a small
 * model's load and two calls, short enough that an upload's answer is never held for long. The
 * check goes on after the answer and writes its outcome to the head; the page polls for it.
 */
const ANSWER_WITHIN_MS = 5_000;

/**
 * Verifies a ready version on its endpoint (after its upload, or on demand) and records the
 * outcome in the model's head. Marks it running first, so every page sees a check under way.
 * Answers the outcome, or the running mark when the check outlasts `waitMs` (Infinity: always the outcome).
 */
export async function verifyVersion(endpoint: string, model: string, version: number, opts: { waitMs?: number } = {}): Promise<Verification> {
  const loc = await modelDataLocation(endpoint);
  const head = (await readHead(loc, model))?.value;
  if (!head) throw new ApiError("not_found", `Model "${model}" does not exist on endpoint "${endpoint}"`);
  if (head.versions[version]?.state !== "ready") throw new ApiError("not_found", `Model "${model}" has no ready version ${version}`);
  const record = await readVersionRecord(loc, model, version);
  if (!record) throw new ApiError("not_found", `Version ${version} of "${model}" has no record`);

  const running: Verification = { status: "unverified", at: new Date().toISOString(), reason: "The check is running", running: true };
  await recordVerification(loc, model, version, running);
  const done = runVerification(endpoint, model, version, record).then(async (outcome) => {
    await recordVerification(loc, model, version, outcome, running.at).catch((e: unknown) =>
      console.warn(`[verify] could not record the check of ${model} v${version}:`, e instanceof Error ? e.message : e),
    );
    return outcome;
  });
  const waitMs = opts.waitMs ?? ANSWER_WITHIN_MS;
  if (!Number.isFinite(waitMs)) return done;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Verification>((resolve) => (timer = setTimeout(() => resolve(running), waitMs)));
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The check that follows an upload: the upload stands whatever happens to it, so this never throws. */
export async function verifyAfterUpload(endpoint: string, model: string, version: number): Promise<Verification> {
  try {
    return await verifyVersion(endpoint, model, version);
  } catch (e) {
    return { status: "unverified", at: new Date().toISOString(), reason: `The check could not start: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Writes a check's state into the version's head entry (compare-and-swap, like every head change;
 * aliases are never touched). An outcome does not replace the mark of a check started after its
 * own (`startedAt`), and a version deleted meanwhile stays deleted.
 */
async function recordVerification(loc: ModelDataLocation, model: string, version: number, v: Verification, startedAt?: string): Promise<void> {
  await updateHead(loc, model, (head) => {
    const entry = head.versions[version];
    if (entry?.state !== "ready") return;
    const current = entry.verification;
    if (startedAt && current?.status === "unverified" && current.running && current.at > startedAt) return;
    entry.verification = v;
  });
}
