import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClientError } from "@/lib/api-client";
import type { CapacityView } from "@/lib/schemas/capacity";
import { readCapacityStream, type ReplayProgress } from "@/components/capacity/read-capacity-stream";

const result = { endpoint: "demo", configs: [] } as unknown as CapacityView;

/** A streamed answer cut into chunks wherever the test likes: mid-line included. */
function streamed(chunks: string[], init: ResponseInit = {}) {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" }, ...init });
}

function answer(res: Response) {
  const fetchMock = vi.fn(async () => res);
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("readCapacityStream", () => {
  it("reports each progress line, even one cut across chunks, then resolves with the result; it asks for NDJSON", async () => {
    const fetchMock = answer(streamed(['{"progress":{"done":0,"total":4}}\n{"progress":{"do', 'ne":2,"total":4}}\n', `{"result":${JSON.stringify(result)}}\n`]));
    const seen: ReplayProgress[] = [];
    await expect(readCapacityStream("/api/endpoints/demo/capacity?range=1h", { onProgress: (p) => seen.push(p) })).resolves.toEqual(result);
    expect(seen).toEqual([
      { done: 0, total: 4 },
      { done: 2, total: 4 },
    ]);
    expect(fetchMock).toHaveBeenCalledWith("/api/endpoints/demo/capacity?range=1h", expect.objectContaining({ headers: { accept: "application/x-ndjson" } }));
  });

  it("reads a last line with no newline after it", async () => {
    answer(streamed([`{"progress":{"done":1,"total":1}}\n{"result":${JSON.stringify(result)}}`]));
    await expect(readCapacityStream("/x", { onProgress: () => undefined })).resolves.toEqual(result);
  });

  it("throws an {error} line as an ApiClientError with the status it carries", async () => {
    answer(streamed(['{"progress":{"done":1,"total":4}}\n{"error":{"code":"throttled","message":"AWS is throttling requests","status":503}}\n']));
    const err = await readCapacityStream("/x", { onProgress: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiClientError);
    expect(err).toMatchObject({ status: 503, code: "throttled", message: "AWS is throttling requests" });
  });

  it("throws an error answer (before any streaming) with its status, code, message and issues", async () => {
    answer(new Response(JSON.stringify({ error: { code: "bad_request", message: "range must be 1h, 1d or 1w", issues: [{ path: "range", message: "range must be 1h, 1d or 1w" }] } }), { status: 400, headers: { "content-type": "application/json" } }));
    await expect(readCapacityStream("/x", { onProgress: () => undefined })).rejects.toMatchObject({ status: 400, code: "bad_request", issues: [{ path: "range", message: "range must be 1h, 1d or 1w" }] });
  });

  it("says so when the stream ends without an answer", async () => {
    answer(streamed(['{"progress":{"done":1,"total":4}}\n']));
    await expect(readCapacityStream("/x", { onProgress: () => undefined })).rejects.toMatchObject({ code: "upstream_error", message: "The replay stopped before it gave an answer. Try again." });
  });

  it("reads a plain JSON answer whole (a server that does not stream)", async () => {
    answer(new Response(JSON.stringify(result), { status: 200, headers: { "content-type": "application/json" } }));
    await expect(readCapacityStream("/x", { onProgress: () => undefined })).resolves.toEqual(result);
  });
});
