"use client";

import { useState, type PointerEvent } from "react";
import { formatTick, formatValueTick, niceTicks, timeTicks } from "@/lib/metrics/chart-scale";
import type { ChartData } from "@/lib/metrics/chart-data";
import { axisUnitLabel, displayUnit, formatMetric } from "@/lib/metrics/format-metric";
import type { MetricUnitKind } from "@/lib/metrics/metric-series";
import { formatDateTime } from "@/lib/format";
import { colorAt } from "@/components/metrics/series-colors";

const W = 640;
const H = 220;
const M = { left: 52, right: 14, top: 22, bottom: 26 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const TOOLTIP_W = 190;

/**
 * A time series chart drawn as SVG (no chart library: the bundle stays small and nothing needs
 * inline styles): a UTC time axis, a value axis in the unit that fits (µs, ms or s; %), one line per
 * series, and on hover a guide with every series' value in that bucket.
 */
export function LineChart({ data, unit, title }: { data: ChartData; unit: MetricUnitKind; title: string }) {
  const [hover, setHover] = useState<number | undefined>();
  const max = Math.max(0, ...data.lines.flatMap((l) => l.values.filter((v): v is number => v !== null)));
  const du = displayUnit(unit, max);
  const ticks = niceTicks(max / du.divisor, 4, unit === "count");
  const top = ticks[ticks.length - 1]! * du.divisor || 1;
  const x = (t: number) => M.left + ((t - data.start) / Math.max(1, data.end - data.start)) * PLOT_W;
  const y = (v: number) => M.top + PLOT_H - (v / top) * PLOT_H;
  const span = data.end - data.start;
  const step = data.period * 1000;

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const t = data.start + (((e.clientX - box.left) / box.width) * W - M.left) / PLOT_W * span;
    const i = Math.round((t - (data.times[0] ?? 0)) / step);
    setHover(data.times.length ? Math.min(data.times.length - 1, Math.max(0, i)) : undefined);
  };

  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full touch-none select-none"
        role="img"
        aria-label={`${title}, ${data.lines.map((l) => l.label).join(", ")}`}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(undefined)}
      >
        <text x={M.left - 6} y={10} textAnchor="end" className="fill-slate-500 text-[10px]">
          {axisUnitLabel(unit, du)}
        </text>
        {ticks.map((tv) => (
          <g key={tv}>
            <line x1={M.left} x2={W - M.right} y1={y(tv * du.divisor)} y2={y(tv * du.divisor)} className="stroke-slate-100" />
            <text x={M.left - 6} y={y(tv * du.divisor) + 3} textAnchor="end" className="fill-slate-500 text-[10px]">
              {formatValueTick(tv, ticks)}
            </text>
          </g>
        ))}
        <line x1={M.left} x2={W - M.right} y1={M.top + PLOT_H} y2={M.top + PLOT_H} className="stroke-slate-300" />
        {timeTicks(data.start, data.end).map((t) => (
          <text key={t} x={x(t)} y={H - 8} textAnchor="middle" className="fill-slate-500 text-[10px]">
            {formatTick(t, span)}
          </text>
        ))}
        <text x={M.left - 6} y={H - 8} textAnchor="end" className="fill-slate-400 text-[9px]">
          UTC
        </text>
        {data.lines.map((line, li) => (
          <SeriesLine key={line.key} values={line.values} times={data.times} x={x} y={y} className={colorAt(li)} />
        ))}
        {hover !== undefined && <HoverGuide index={hover} data={data} unit={unit} x={x} y={y} />}
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {data.lines.map((line, li) => (
          <li key={line.key} className="flex items-center gap-1.5">
            <span className={`inline-block h-0.5 w-4 ${colorAt(li).swatch}`} aria-hidden />
            {line.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A polyline broken at gaps; a lone point between gaps is drawn as a dot so it is not lost. */
function SeriesLine({ values, times, x, y, className }: { values: (number | null)[]; times: number[]; x: (t: number) => number; y: (v: number) => number; className: { stroke: string; fill: string } }) {
  let d = "";
  const dots: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const px = x(times[i]!);
    const py = y(v);
    const prev = i > 0 ? values[i - 1] : null;
    const next = i < values.length - 1 ? values[i + 1] : null;
    d += `${prev === null || prev === undefined ? "M" : "L"}${px.toFixed(1)} ${py.toFixed(1)} `;
    if ((prev === null || prev === undefined) && (next === null || next === undefined)) dots.push([px, py]);
  });
  return (
    <g>
      <path d={d} className={`fill-none ${className.stroke}`} strokeWidth={1.6} strokeLinejoin="round" />
      {dots.map(([cx, cy], i) => (
        <circle key={i} cx={cx} cy={cy} r={2.2} className={className.fill} />
      ))}
    </g>
  );
}

function HoverGuide({ index, data, unit, x, y }: { index: number; data: ChartData; unit: MetricUnitKind; x: (t: number) => number; y: (v: number) => number }) {
  const t = data.times[index]!;
  const px = x(t);
  const rows = data.lines.map((l, li) => ({ label: l.label, value: l.values[index] ?? null, color: colorAt(li) }));
  const boxH = 22 + rows.length * 15;
  const left = px + 10 + TOOLTIP_W > W - M.right ? px - 10 - TOOLTIP_W : px + 10;
  return (
    <g pointerEvents="none" data-testid="chart-tooltip">
      <line x1={px} x2={px} y1={M.top} y2={M.top + PLOT_H} className="stroke-slate-400" strokeDasharray="3 3" />
      {rows.map((r, i) => r.value !== null && <circle key={i} cx={px} cy={y(r.value)} r={3} className={r.color.fill} />)}
      <rect x={left} y={M.top} width={TOOLTIP_W} height={boxH} rx={4} className="fill-white stroke-slate-300" />
      <text x={left + 8} y={M.top + 15} className="fill-slate-500 text-[10px]">
        {formatDateTime(new Date(t).toISOString())}
      </text>
      {rows.map((r, i) => (
        <g key={i}>
          <rect x={left + 8} y={M.top + 24 + i * 15} width={8} height={3} className={r.color.fill} />
          <text x={left + 20} y={M.top + 29 + i * 15} className="fill-slate-700 text-[10px]">
            {r.label}
          </text>
          <text x={left + TOOLTIP_W - 8} y={M.top + 29 + i * 15} textAnchor="end" className="fill-slate-900 text-[10px] font-medium">
            {formatMetric(r.value, unit)}
          </text>
        </g>
      ))}
    </g>
  );
}
