import type uPlot from "uplot";
import type { ChartData } from "@/lib/metrics/chart-data";
import { formatTick, formatValueTick, timeTicks } from "@/lib/metrics/chart-scale";
import type { PlotColumns } from "@/lib/metrics/plot-columns";
import { colorAt } from "@/components/metrics/series-colors";

const FONT = "11px ui-sans-serif, system-ui, sans-serif";
const AXIS = { stroke: "#475569", font: FONT, ticks: { stroke: "#cbd5e1", size: 4 } };
/** BarsPathBuilderFacetUnit.ScaleValue: uPlot's const enum, which an isolated module cannot name. */
const SCALE_VALUE = 1 as uPlot.Series.BarsPathBuilderFacetUnit;

export type PlotCallbacks = {
  /** The hovered bucket (null: none), the cursor's offset in the chart box (CSS pixels, negative: off the plot), and whether it is in the plot's right half. */
  onCursor: (index: number | null, x: number, rightHalf: boolean) => void;
  /** A drag across the plot selected this time span (epoch ms). */
  onSelect: (fromMs: number, toMs: number) => void;
};

/** A moment drawn across the plot as a dashed vertical line with a short label (a scaling activity). */
export type PlotMarker = { at: number; label: string };

/**
 * uPlot's options for one chart: UTC time ticks on round boundaries (lib/metrics/chart-scale), a
 * value axis from 0 in the display unit, bars side by side for counts and lines with gaps for the
 * rest (a lone point between gaps drawn as a dot), no built-in legend (the card draws its own),
 * and a horizontal drag that selects a span instead of zooming in place: the page puts it in the URL.
 */
export function plotOptions(
  U: typeof uPlot,
  data: ChartData,
  cols: PlotColumns,
  axisLabel: string,
  size: { width: number; height: number },
  on: PlotCallbacks,
  markers: readonly PlotMarker[] = [],
): uPlot.Options {
  // To the end of the last bucket: a range's newest bucket may reach past its end (a 30-minute bucket begun 5 minutes ago).
  const last = data.times[data.times.length - 1];
  const xMax = Math.max(data.end, last === undefined ? data.end : last + data.period * 1000);
  const span = xMax - data.start;
  const bars = cols.bars;
  return {
    ...size,
    ms: 1,
    tzDate: (ts) => U.tzDate(new Date(ts), "Etc/UTC"),
    legend: { show: false },
    // Room on the right for half of the last time label, which uPlot centres on its tick.
    padding: [10, 28, 0, 0],
    cursor: { drag: { x: true, y: false, setScale: false }, y: false, points: { show: !bars, size: 7 } },
    scales: { x: { time: true, range: [data.start, xMax] }, y: { range: [0, cols.yTicks[cols.yTicks.length - 1] ?? 1] } },
    axes: [
      { ...AXIS, grid: { show: false }, splits: (_u, _i, min, max) => timeTicks(min, max), values: (_u, splits) => splits.map((t) => formatTick(t, span)) },
      { ...AXIS, size: (_u, values) => valueAxisWidth(values), label: axisLabel, labelSize: 14, labelFont: FONT, grid: { stroke: "#f1f5f9", width: 1 }, splits: () => cols.yTicks, values: (_u, splits) => splits.map((v) => formatValueTick(v, cols.yTicks)) },
    ],
    series: [
      {},
      ...data.lines.map((line, i): uPlot.Series => {
        const color = colorAt(i).hex;
        if (bars) {
          return {
            label: line.label,
            stroke: color,
            fill: color,
            width: 0,
            paths: U.paths.bars!({ disp: { x0: { unit: SCALE_VALUE, values: () => bars.lefts[i]! }, size: { unit: SCALE_VALUE, values: () => [bars.width] } } }),
            points: { show: false },
          };
        }
        return { label: line.label, stroke: color, width: 1.75, spanGaps: false, points: { show: true, size: 5, fill: color, filter: (u, s) => lonePoints(u.data[s] as (number | null)[]) } };
      }),
    ],
    hooks: {
      draw: [(u) => drawMarkers(u, markers)],
      setCursor: [
        (u) => {
          const left = u.cursor.left ?? -1;
          on.onCursor(u.cursor.idx ?? null, left < 0 ? -1 : left + u.over.offsetLeft, left > u.over.clientWidth / 2);
        },
      ],
      setSelect: [
        (u) => {
          if (u.select.width > 4) on.onSelect(u.posToVal(u.select.left, "x"), u.posToVal(u.select.left + u.select.width, "x"));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
}

const MARKER_COLOR = "#b45309";

/** Dashed lines at each marker inside the plot, labelled at the top; a canvas has no DOM, so the page lists them in words too. */
function drawMarkers(u: uPlot, markers: readonly PlotMarker[]): void {
  if (markers.length === 0) return;
  const { ctx, bbox } = u;
  const [min, max] = [u.scales.x?.min ?? -Infinity, u.scales.x?.max ?? Infinity];
  ctx.save();
  ctx.strokeStyle = MARKER_COLOR;
  ctx.fillStyle = MARKER_COLOR;
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${10 * devicePixelRatio}px ui-sans-serif, system-ui, sans-serif`;
  for (const m of markers) {
    if (m.at < min || m.at > max) continue;
    const x = Math.round(u.valToPos(m.at, "x", true));
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(m.label, x + 3 * devicePixelRatio, bbox.top + 10 * devicePixelRatio);
  }
  ctx.restore();
}

/** Points with no neighbour on either side: a line through them would draw nothing. */
function lonePoints(values: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v != null && values[i - 1] == null && values[i + 1] == null) out.push(i);
  });
  return out;
}

/** The value axis as wide as its longest label (0.000004 % is long), in CSS pixels. */
function valueAxisWidth(labels: readonly unknown[] | null | undefined): number {
  const longest = Math.max(1, ...(labels ?? []).map((l) => String(l).length));
  return Math.ceil(longest * 6.5) + 16;
}
