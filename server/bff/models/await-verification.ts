import "server-only";
import { isVerificationRunning } from "@/lib/model-verification";
import { readHead, type ModelHead } from "@/server/bff/models/model-head";
import type { ModelDataLocation } from "@/server/bff/shared/model-data-location";

/** Long enough for a cold load of a large model; a check still running after it is refused as "still being verified". */
const WAIT_MS = 20_000;
const POLL_MS = 250;

/**
 * A move to a version whose check is under way waits for its outcome rather than being refused:
 * an upload answers after at most 5 s with the check still running, and "set production to the
 * version I just uploaded" should not fail for being a few seconds early. Answers the freshest head.
 */
export async function awaitVerification(loc: ModelDataLocation, model: string, version: number, head: ModelHead): Promise<ModelHead> {
  const deadline = Date.now() + WAIT_MS;
  let current = head;
  while (isVerificationRunning(current.versions[version]?.verification) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    current = (await readHead(loc, model))?.value ?? current;
  }
  return current;
}
