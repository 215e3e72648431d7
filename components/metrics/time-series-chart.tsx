"use client";

import "uplot/dist/uPlot.min.css";
import type uPlot from "uplot";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ChartData } from "@/lib/metrics/chart-data";
import { axisUnitLabel, formatMetric } from "@/lib/metrics/format-metric";
import type { MetricUnitKind } from "@/lib/metrics/metric-series";
import { plotColumns } from "@/lib/metrics/plot-columns";
import { zoomedRange } from "@/lib/metrics/time-range";
import { ChartTooltip } from "@/components/metrics/chart-tooltip";
import { plotOptions, type PlotMarker } from "@/components/metrics/plot-options";
import { colorAt } from "@/components/metrics/series-colors";
import { useTimeRange } from "@/components/metrics/use-time-range";

const HEIGHT = 220;

type Hover = { index: number; x: number; flip: boolean };

/**
 * A time series chart drawn by uPlot on a canvas (fast with thousands of points, ~50 KB, no eval,
 * loaded only where a chart is shown): counts as bars, the rest as lines, UTC on the time axis.
 * Hover, or focus it and use the arrow keys (Home, End), for every line's value in a bucket; drag
 * across it to zoom, which puts the selected span in the URL as a custom range. `markers`: moments
 * drawn across it (the Scaling tab's activities).
 */
export function TimeSeriesChart({ data, unit, title, markers }: { data: ChartData; unit: MetricUnitKind; title: string; markers?: readonly PlotMarker[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const cols = useMemo(() => plotColumns(data, unit), [data, unit]);
  const { setRange } = useTimeRange();
  const zoom = useRef(setRange);
  useEffect(() => {
    zoom.current = setRange;
  }, [setRange]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let u: uPlot | undefined;
    let gone = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (gone) return;
      const callbacks = {
        onCursor: (index: number | null, x: number, flip: boolean) => setHover(index === null || x < 0 ? null : { index, x, flip }),
        onSelect: (from: number, to: number) => zoom.current(zoomedRange(from, to, Date.now()), { push: true }),
      };
      u = new UPlot(plotOptions(UPlot, data, cols, axisUnitLabel(unit, cols.unit), { width: el.clientWidth, height: HEIGHT }, callbacks, markers), [cols.xs, ...cols.ys], el);
      plot.current = u;
    });
    const resize = new ResizeObserver(() => u?.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      gone = true;
      resize.disconnect();
      u?.destroy();
      plot.current = null;
    };
  }, [data, cols, unit, markers]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const u = plot.current;
    const last = data.times.length - 1;
    if (!u || last < 0) return;
    const at = hover && hover.index <= last ? hover.index : undefined;
    const next = { ArrowLeft: at === undefined ? last : Math.max(0, at - 1), ArrowRight: at === undefined ? 0 : Math.min(last, at + 1), Home: 0, End: last }[e.key];
    if (e.key === "Escape") u.setCursor({ left: -10, top: -10 });
    if (next === undefined) return;
    e.preventDefault();
    u.setCursor({ left: u.valToPos(cols.xs[next]!, "x"), top: HEIGHT / 3 });
  };

  const shown = hover && hover.index < data.times.length ? hover : null;
  return (
    <div>
      <div
        className="relative rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        tabIndex={0}
        role="group"
        aria-label={`${title} chart: ${summary(data, unit)}. Arrow keys move between time buckets; drag across the chart to zoom.`}
        onKeyDown={onKey}
        onBlur={() => plot.current?.setCursor({ left: -10, top: -10 })}
        data-testid="chart-plot"
      >
        <div ref={host} className="h-[220px] w-full" />
        {shown && <ChartTooltip data={data} unit={unit} index={shown.index} x={shown.x} flip={shown.flip} />}
      </div>
      <ul className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        {data.lines.map((line, li) => (
          <li key={line.key} className="flex items-center gap-1.5">
            <span className={`inline-block ${data.bars ? "h-2.5 w-2.5" : "h-0.5 w-4"} ${colorAt(li).swatch}`} aria-hidden />
            {line.label}
          </li>
        ))}
        <li className="ml-auto text-slate-500">UTC · drag to zoom</li>
      </ul>
    </div>
  );
}

/** What a screen reader hears for the chart as a whole: each line's highest and latest value. */
function summary(data: ChartData, unit: MetricUnitKind): string {
  return data.lines
    .map((l) => {
      const values = l.values.filter((v): v is number => v !== null);
      if (values.length === 0) return `${l.label}: no data`;
      return `${l.label}: highest ${formatMetric(Math.max(...values), unit)}, latest ${formatMetric(values[values.length - 1], unit)}`;
    })
    .join("; ");
}
