/**
 * Line and swatch colours by series position: `hex` for the canvas the charts draw on, `swatch`
 * as whole class names (so Tailwind keeps them) for the legend and the tooltip. Tailwind's -600
 * and -500 shades, each at least 3:1 against white.
 */
export const SERIES_COLORS = [
  { hex: "#0284c7", swatch: "bg-sky-600" },
  { hex: "#d97706", swatch: "bg-amber-600" },
  { hex: "#e11d48", swatch: "bg-rose-600" },
  { hex: "#059669", swatch: "bg-emerald-600" },
  { hex: "#7c3aed", swatch: "bg-violet-600" },
  { hex: "#64748b", swatch: "bg-slate-500" },
  { hex: "#0d9488", swatch: "bg-teal-600" },
  { hex: "#c026d3", swatch: "bg-fuchsia-600" },
] as const;

export const colorAt = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;
