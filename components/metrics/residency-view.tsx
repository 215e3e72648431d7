"use client";

import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import { INSTANCE_CHARTS } from "@/lib/metrics/dashboard-charts";
import type { CacheEvent, InstanceSnapshot } from "@/lib/residency-snapshot";
import type { ResidencyFleetView } from "@/lib/schemas/metrics";
import { AutoRefreshToggle } from "@/components/metrics/auto-refresh-toggle";
import { ChartGrid } from "@/components/metrics/chart-grid";
import { useEndpointMetricsQuery, useResidencyQuery } from "@/components/metrics/metrics-query";
import { TimeRangePicker } from "@/components/metrics/time-range-picker";
import { UsageBar } from "@/components/metrics/usage-bar";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { SectionHeader } from "@/components/metrics/section-header";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { TableHead } from "@/components/ui/table-head";

const iso = (ms: number) => new Date(ms).toISOString();

/** What each instance of an endpoint holds now (local engine), every instance listed, empty ones too; on AWS, LoadedModelCount and why. */
export function ResidencyView({ endpoint }: { endpoint: string }) {
  const { refresh } = useTimeRange();
  const q = useResidencyQuery(endpoint, refresh);
  const fleets = q.data?.available ? q.data.fleets : undefined;
  return (
    <div className="flex flex-col gap-5">
      <SectionHeader
        title="Residency"
        titleTestId="residency-title"
        description="Which models each instance has loaded, its memory and disk against their budgets, and its recent loads and evictions."
        actions={<AutoRefreshToggle fetching={q.isFetching} />}
      />
      <ErrorBanner error={q.error} title="Could not read the residency" />
      {q.isPending && <p className="text-sm text-slate-600">Loading…</p>}
      {q.data && !q.data.available && <NotOnAws endpoint={endpoint} reason={q.data.reason} />}
      {fleets && fleets.length === 0 && (
        <p className="text-sm text-slate-600" data-testid="residency-empty">
          This endpoint has no instances yet: they are listed once it is in service.
        </p>
      )}
      {fleets?.map((f) => <Fleet key={f.variantName} fleet={f} />)}
    </div>
  );
}

function NotOnAws({ endpoint, reason }: { endpoint: string; reason: string }) {
  const { range, refresh } = useTimeRange();
  const m = useEndpointMetricsQuery(endpoint, range, { refresh, charts: ["loaded-models"] });
  return (
    <>
      <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" data-testid="residency-unavailable">
        {reason}
      </p>
      <div className="flex justify-end">
        <TimeRangePicker fetching={m.isFetching} compact />
      </div>
      <ErrorBanner error={m.error} title="Could not read LoadedModelCount" />
      <ChartGrid charts={INSTANCE_CHARTS.filter((c) => c.id === "loaded-models")} set={m.data?.series} window={m.data} loading={m.isPending} />
    </>
  );
}

function Fleet({ fleet }: { fleet: ResidencyFleetView }) {
  const n = fleet.instances.length;
  return (
    <section className="flex flex-col gap-3" data-testid={`fleet-${fleet.variantName}`}>
      <h2 className="text-sm font-semibold text-slate-800">
        Variant {fleet.variantName}{" "}
        <span className="font-normal text-slate-600">
          · {n} {n === 1 ? "instance" : "instances"}
          {fleet.instanceType && ` · ${fleet.instanceType}`}
          {fleet.policy && ` · eviction policy ${fleet.policy}`}
        </span>
      </h2>
      {fleet.instances.map((i) => (i.started ? <Instance key={i.instanceId} inst={i} /> : <NotStartedInstance key={`new-${i.index}`} index={i.index} />))}
    </section>
  );
}

/** An instance the engine has not started a cache for (its variant has had no request since it was created or scaled): it holds nothing. */
function NotStartedInstance({ index }: { index: number }) {
  return (
    <Card title={`Instance ${index}`}>
      <div data-testid={`instance-${index}`} className="flex flex-col gap-1">
        <p className="text-sm text-slate-700" data-testid="instance-no-models">
          No model loaded.
        </p>
        <p className="text-xs text-slate-600">The local engine starts this instance&apos;s cache on the variant&apos;s next request; its memory and disk budgets show from then on.</p>
      </div>
    </Card>
  );
}

function Instance({ inst }: { inst: InstanceSnapshot }) {
  const c = inst.counters;
  const lookups = c.hits + c.misses;
  const onDiskOnly = inst.disk.models.filter((d) => !inst.models.some((m) => m.targetModel === d.targetModel));
  return (
    <Card
      title={
        <span>
          Instance {inst.index} <span className="ml-2 font-mono text-xs font-normal text-slate-500">{inst.instanceId}</span>
        </span>
      }
      actions={
        <span className="text-xs text-slate-500">
          {c.hits} hits · {c.misses} misses{lookups > 0 ? ` (${((c.hits / lookups) * 100).toFixed(1)} % hit)` : ""} · {c.loads} loads · {c.evictions} evictions · {c.diskDeletes} disk
          deletes · {inst.inFlight} in flight
        </span>
      }
    >
      <div data-testid={`instance-${inst.index}`} className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-2">
          <UsageBar label="Memory" used={inst.memory.usedBytes} budget={inst.memory.budgetBytes} testId="memory-bar" />
          <UsageBar label="Disk" used={inst.disk.usedBytes} budget={inst.disk.budgetBytes} testId="disk-bar" />
        </div>
        {inst.models.length === 0 ? (
          <p className="text-sm text-slate-700" data-testid="instance-no-models">
            No model loaded.
          </p>
        ) : (
          <div className="-mx-5 overflow-x-auto px-5">
            <table className="w-full text-left text-sm" data-testid="resident-models">
              <TableHead columns={["Target model", "State", "Memory", "Loaded", "Last used", "Hits", "In flight", "Queued"]} />
              <tbody className="divide-y divide-slate-100">
                {inst.models.map((m) => (
                  <tr key={m.targetModel} data-testid="resident-model">
                    <td className="py-2 pr-4 font-mono text-xs">{m.targetModel}</td>
                    <td className="py-2 pr-4">{m.state === "loading" ? <span className="text-amber-700">loading</span> : "loaded"}</td>
                    <td className="py-2 pr-4" title={m.memorySource ? `${m.memorySource} size` : undefined}>
                      {formatBytes(m.bytes)}
                      {m.memorySource === "estimated" && <span className="text-xs text-slate-500"> est.</span>}
                    </td>
                    <td className="py-2 pr-4 text-slate-600" title={m.loadedAt ? formatDateTime(iso(m.loadedAt)) : undefined}>
                      {m.loadedAt ? formatRelative(iso(m.loadedAt)) : "—"}
                    </td>
                    <td className="py-2 pr-4 text-slate-600" title={formatDateTime(iso(m.lastUsed))}>
                      {formatRelative(iso(m.lastUsed))}
                    </td>
                    <td className="py-2 pr-4 tabular-nums" data-testid="resident-hits">
                      {m.hits}
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{m.inFlight}</td>
                    <td className="py-2 pr-4 tabular-nums" data-testid="resident-queued" title={m.queued === undefined ? "No dynamic batcher: each request runs as it comes" : "Requests waiting in the dynamic batcher's queue"}>
                      {m.queued ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {onDiskOnly.length > 0 && (
          <p className="text-xs text-slate-600">
            On disk, not in memory: {onDiskOnly.map((d) => `${d.targetModel} (${formatBytes(d.bytes)})`).join(", ")}
          </p>
        )}
        <RecentEvents events={inst.recent} />
      </div>
    </Card>
  );
}

const EVENT_LABEL: Record<CacheEvent["kind"], string> = { load: "loaded", "load-failed": "failed to load", evict: "evicted", unload: "unloaded", "disk-delete": "deleted from disk" };

function RecentEvents({ events }: { events: CacheEvent[] }) {
  if (events.length === 0) return null;
  return (
    <div>
      <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Recent loads and evictions</h3>
      <ol className="flex max-h-48 flex-col gap-1 overflow-y-auto text-xs" data-testid="recent-events">
        {[...events].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} className="flex gap-3">
            <span className="w-20 shrink-0 text-slate-500" title={formatDateTime(iso(e.at))}>
              {formatRelative(iso(e.at))}
            </span>
            <span>
              <span className="font-mono">{e.targetModel}</span> <span className={e.kind === "load-failed" ? "text-red-700" : "text-slate-700"}>{EVENT_LABEL[e.kind]}</span>
              {e.bytes !== undefined && <span className="text-slate-500"> · {formatBytes(e.bytes)}</span>}
              {e.durationMs !== undefined && <span className="text-slate-500"> · {e.durationMs.toFixed(e.durationMs < 10 ? 1 : 0)} ms</span>}
              {e.downloaded !== undefined && <span className="text-slate-500"> · {e.downloaded ? "downloaded from S3" : "from disk"}</span>}
              {e.reason && <span className="text-slate-500"> · {e.reason}</span>}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
