"use client";

import { useState } from "react";
import { MIN_RANGE_MS, PRESET_LABELS, RANGE_PRESETS, resolveRange, type RangePreset, type RangeSpec } from "@/lib/metrics/time-range";
import { AutoRefreshToggle } from "@/components/metrics/auto-refresh-toggle";
import { useTimeRange } from "@/components/metrics/use-time-range";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

const PRESETS = Object.keys(RANGE_PRESETS) as RangePreset[];

/** `datetime-local` values read as UTC, as every time in the console is written; minutes only, so an end rounds up to keep "now". */
const toInput = (ms: number, round: "down" | "up" = "down") => new Date((round === "up" ? Math.ceil : Math.floor)(ms / 60_000) * 60_000).toISOString().slice(0, 16);
const fromInput = (s: string) => Date.parse(`${s}:00Z`);

/** Presets, a custom start and end, and the auto-refresh toggle; all of it lives in the URL. `compact`: presets only. */
export function TimeRangePicker({ fetching, compact = false }: { fetching?: boolean; compact?: boolean }) {
  const { range, setRange } = useTimeRange();
  // The form shows while asked for, and whenever the range is custom (a zoom made it so): it says what the range is.
  const [asked, setAsked] = useState(false);
  const custom = asked || !("preset" in range);
  return (
    <div className="flex flex-col items-end gap-2" data-testid="time-range-picker">
      <div className="flex flex-wrap items-center justify-end gap-3">
        <div className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm" role="group" aria-label="Time range">
          {PRESETS.map((p) => {
            const active = "preset" in range && range.preset === p;
            return (
              <button
                key={p}
                type="button"
                title={PRESET_LABELS[p]}
                aria-pressed={active}
                className={`border-r border-slate-200 px-3 py-1.5 ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"}`}
                onClick={() => {
                  setAsked(false);
                  setRange({ preset: p });
                }}
                data-testid={`range-${p}`}
              >
                {p}
              </button>
            );
          })}
          {!compact && (
            <button
              type="button"
              aria-pressed={custom}
              className={`px-3 py-1.5 ${!("preset" in range) ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"}`}
              onClick={() => setAsked((c) => !c)}
              data-testid="range-custom"
            >
              Custom
            </button>
          )}
        </div>
        {!compact && <AutoRefreshToggle fetching={fetching} />}
      </div>
      {custom && !compact && <CustomRange key={JSON.stringify(range)} range={range} onApply={setRange} />}
    </div>
  );
}

function CustomRange({ range, onApply }: { range: RangeSpec; onApply: (r: RangeSpec) => void }) {
  // The form starts from the range on screen; resolving a preset reads the clock once, at mount.
  const [start, setStart] = useState(() => toInput(resolveRange(range, Date.now()).start));
  const [end, setEnd] = useState(() => toInput(resolveRange(range, Date.now()).end, "up"));
  const s = fromInput(start);
  const e = fromInput(end);
  const error = !Number.isFinite(s) || !Number.isFinite(e) ? "Give a start and an end" : e - s < MIN_RANGE_MS ? "The end must be at least a minute after the start" : undefined;
  return (
    <form
      className="flex flex-wrap items-end justify-end gap-2 text-sm"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!error) onApply({ start: s, end: e });
      }}
    >
      <label className="flex flex-col gap-1 text-xs text-slate-600">
        Start (UTC)
        <input type="datetime-local" className={inputClass} value={start} onChange={(ev) => setStart(ev.target.value)} data-testid="range-start" />
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600">
        End (UTC)
        <input type="datetime-local" className={inputClass} value={end} onChange={(ev) => setEnd(ev.target.value)} data-testid="range-end" />
      </label>
      <Button type="submit" variant="secondary" disabled={!!error} title={error} data-testid="range-apply">
        Apply
      </Button>
      {error && <p className="w-full text-right text-xs text-red-600">{error}</p>}
    </form>
  );
}
