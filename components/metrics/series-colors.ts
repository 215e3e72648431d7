/** Line and swatch colours by series position, as whole class names so Tailwind keeps them. */
export const SERIES_COLORS = [
  { stroke: "stroke-sky-600", fill: "fill-sky-600", swatch: "bg-sky-600" },
  { stroke: "stroke-amber-500", fill: "fill-amber-500", swatch: "bg-amber-500" },
  { stroke: "stroke-rose-600", fill: "fill-rose-600", swatch: "bg-rose-600" },
  { stroke: "stroke-emerald-600", fill: "fill-emerald-600", swatch: "bg-emerald-600" },
  { stroke: "stroke-violet-600", fill: "fill-violet-600", swatch: "bg-violet-600" },
  { stroke: "stroke-slate-500", fill: "fill-slate-500", swatch: "bg-slate-500" },
  { stroke: "stroke-teal-500", fill: "fill-teal-500", swatch: "bg-teal-500" },
  { stroke: "stroke-fuchsia-600", fill: "fill-fuchsia-600", swatch: "bg-fuchsia-600" },
] as const;

export const colorAt = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;
