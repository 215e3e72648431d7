import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-slate-900 text-white hover:bg-slate-700 disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300",
} as const;

// A visible ring for keyboard focus only (not on click), in every variant. Colours ease only
// under the pointer: a button that becomes enabled (a refetch done) switches at once, instead of
// spending 150 ms between its disabled and enabled colours below WCAG's contrast (axe saw it).
const BASE =
  "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium hover:transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900";

export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      {...props}
      className={`${BASE} disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
    />
  );
}

/** Navigation that looks like a button (to another page, not an action on this one). */
export function LinkButton({ variant = "secondary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: keyof typeof VARIANTS }) {
  return <Link {...props} className={`${BASE} ${VARIANTS[variant]} ${className}`} />;
}
