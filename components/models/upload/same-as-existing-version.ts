import { Sha256 } from "@aws-crypto/sha256-js";
import { ApiClientError } from "@/lib/api-client";
import { getModel, getModelsPage } from "@/components/models/models-query";

/**
 * The newest ready version of `model` on the endpoint whose artifact is byte-identical to `file`
 * (same sha256, as the server records it when an upload completes), or undefined. The file is
 * hashed only when a version of exactly its size exists, which is rare unless it is the same
 * package again. It is streamed through sha256-js rather than SubtleCrypto, whose digest needs
 * the whole file in memory: packages can be gigabytes.
 */
export async function sameAsExistingVersion(endpoint: string, model: string, file: File): Promise<number | undefined> {
  // A new model has nothing to compare with. Asked through the list (a name-prefix page, where the
  // exact name sorts first) so a first upload makes no request that fails (404) in the page.
  const page = await getModelsPage(endpoint, model, undefined);
  if (!page.models.some((m) => m.name === model)) return undefined;
  let versions;
  try {
    versions = (await getModel(endpoint, model)).versions;
  } catch (e) {
    if (e instanceof ApiClientError && e.status === 404) return undefined; // removed meanwhile
    throw e;
  }
  const sameSize = versions.filter((v) => v.state === "ready" && v.sha256 !== undefined && v.size === file.size);
  if (sameSize.length === 0) return undefined;
  const sha256 = await sha256Of(file);
  return sameSize.find((v) => v.sha256 === sha256)?.version; // the list is newest first
}

async function sha256Of(file: File): Promise<string> {
  const hash = new Sha256();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return Array.from(await hash.digest(), (b) => b.toString(16).padStart(2, "0")).join("");
}
