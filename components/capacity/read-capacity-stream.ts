import { ApiClientError } from "@/lib/api-client";
import type { CapacityStreamLine, CapacityView } from "@/lib/schemas/capacity";
import type { ApiErrorBody } from "@/lib/schemas/endpoint-views";

export type ReplayProgress = { done: number; total: number };

/**
 * GET the capacity plan as NDJSON (`Accept: application/x-ndjson`): calls `onProgress` for each
 * progress line as the replay goes, resolves with the result line, and throws ApiClientError for
 * an error line or an error answer, as apiFetch does. An answer that is plain JSON (a server that
 * does not stream) is read whole.
 */
export async function readCapacityStream(path: string, { signal, onProgress }: { signal?: AbortSignal; onProgress: (p: ReplayProgress) => void }): Promise<CapacityView> {
  const res = await fetch(path, { signal, headers: { accept: "application/x-ndjson" } });
  if (!res.ok) {
    const err = (safeParse(await res.text()) as ApiErrorBody | undefined)?.error;
    throw new ApiClientError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `Request failed (${res.status})`, err?.issues, err?.details);
  }
  if (!res.body || !/ndjson/.test(res.headers.get("content-type") ?? "")) return (await res.json()) as CapacityView;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? "";
    // Whole lines only: a chunk may end in the middle of one.
    const lines = buffered.split("\n");
    buffered = done ? "" : lines.pop()!;
    let reported = false;
    for (const line of lines) {
      const view = readLine(line, (p) => {
        reported = true;
        onProgress(p);
      });
      if (view) {
        void reader.cancel();
        // A replay fast enough that its last progress lines came with the answer: that progress
        // is painted once before the answer replaces it, so the page still says how far it got.
        if (reported) await nextPaint();
        return view;
      }
    }
    if (done) throw new ApiClientError(502, "upstream_error", "The replay stopped before it gave an answer. Try again.");
  }
}

/** One line of the stream: progress is reported, the answer returned, an error thrown. */
function readLine(text: string, onProgress: (p: ReplayProgress) => void): CapacityView | undefined {
  if (!text.trim()) return undefined;
  const line = safeParse(text) as CapacityStreamLine | undefined;
  if (!line) throw new ApiClientError(502, "upstream_error", "The replay answered a line that is not JSON. Try again.");
  if ("progress" in line) onProgress(line.progress);
  else if ("error" in line) throw new ApiClientError(line.error.status, line.error.code, line.error.message);
  else if ("result" in line) return line.result;
  return undefined;
}

/** After the browser has painted what was set so far (a task after the next frame); a task where there are no frames. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
