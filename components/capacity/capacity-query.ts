"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { capacityKeys } from "@/components/capacity/capacity-keys";
import { capacitySearchParams, type CapacitySettings } from "@/components/capacity/capacity-settings";
import { readCapacityStream, type ReplayProgress } from "@/components/capacity/read-capacity-stream";

/** A replay is seconds of a worker's time: the answer stands until the user asks again (Run again) or changes a setting. */
const REPLAY_STALE_MS = 10 * 60_000;

/**
 * The endpoint's capacity plan for these settings, streamed, with the replay's progress while it
 * runs. The last answer stays on screen while a new one is replayed (new settings), and a replay
 * whose settings were changed is abandoned: the signal ends its request.
 */
export function useCapacityQuery(endpoint: string, settings: CapacitySettings) {
  const [progress, setProgress] = useState<ReplayProgress>();
  // Only the latest replay may move the bar: an abandoned one may still deliver a line.
  const latest = useRef(0);
  const query = useQuery({
    queryKey: capacityKeys.view(endpoint, settings),
    queryFn: ({ signal }) => {
      const run = ++latest.current;
      setProgress(undefined);
      return readCapacityStream(`/api/endpoints/${encodeURIComponent(endpoint)}/capacity?${capacitySearchParams(settings)}`, {
        signal,
        onProgress: (p) => {
          if (run === latest.current) setProgress(p);
        },
      });
    },
    placeholderData: keepPreviousData,
    staleTime: REPLAY_STALE_MS,
    refetchOnWindowFocus: false,
  });
  return { query, progress: query.isFetching ? progress : undefined };
}
