"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { CapacityControls } from "@/components/capacity/capacity-controls";
import { CapacityModelsTable } from "@/components/capacity/capacity-models-table";
import { useCapacityQuery } from "@/components/capacity/capacity-query";
import { capacityRangeFrom, DEFAULT_TARGETS, type CapacityTargets } from "@/components/capacity/capacity-settings";
import { ConfigurationsTable } from "@/components/capacity/configurations-table";
import { HealthVerdict } from "@/components/capacity/health-verdict";
import { PriceNote } from "@/components/capacity/price-note";
import { ReplayProgressBar } from "@/components/capacity/replay-progress";
import { SavingsHeadline } from "@/components/capacity/savings-headline";
import { SectionHeader } from "@/components/metrics/section-header";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";

/**
 * The Capacity tab: the endpoint's own traffic over the range, replayed against every candidate
 * configuration (instance type, count, eviction policy), priced, and set against one real-time
 * endpoint per model. The range is the URL's, shared with the other tabs when it is one the
 * planner replays; the target is this page's.
 */
export function CapacityView({ endpoint }: { endpoint: string }) {
  const range = capacityRangeFrom(useSearchParams().get("range"));
  const { setRange } = useTimeRange();
  const [targets, setTargets] = useState<CapacityTargets>(DEFAULT_TARGETS);
  const { query, progress } = useCapacityQuery(endpoint, { range, ...targets });
  const view = query.data;
  return (
    <div className="flex flex-col gap-5">
      <SectionHeader
        title="Capacity"
        titleTestId="capacity-title"
        description="Which instance type and how many this endpoint's own traffic needs: each model's requests replayed, minute by minute, against every candidate configuration, priced against one endpoint per model."
        actions={
          <Button variant="secondary" onClick={() => void query.refetch()} disabled={query.isFetching} data-testid="capacity-run-again">
            {query.isFetching ? "Replaying…" : "Replay again"}
          </Button>
        }
      />
      <CapacityControls range={range} targets={targets} onRange={(r) => setRange({ preset: r })} onTargets={setTargets} />
      {query.isFetching && <ReplayProgressBar progress={progress} />}
      <ErrorBanner error={query.error} title={view ? "Could not replay the traffic again" : "Could not replay the endpoint's traffic"} />
      {view && (
        // An earlier answer stays, faded, while the new settings are replayed.
        <div className={`flex flex-col gap-5 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`} data-testid="capacity-result" aria-busy={query.isFetching}>
          <HealthVerdict health={view.health} />
          <SavingsHeadline view={view} />
          {/* Without traffic the headline says there is nothing to replay; empty tables would only say it again. */}
          {view.models.length > 0 && (
            <>
              <ConfigurationsTable view={view} />
              <CapacityModelsTable endpoint={endpoint} models={view.models} />
              <PriceNote view={view} />
            </>
          )}
        </div>
      )}
    </div>
  );
}
