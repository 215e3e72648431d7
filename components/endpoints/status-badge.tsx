import { isTransitional } from "@/lib/schemas/endpoint";

const COLORS: Record<string, string> = {
  InService: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  Failed: "bg-red-100 text-red-800 ring-red-600/20",
  UpdateRollbackFailed: "bg-red-100 text-red-800 ring-red-600/20",
  OutOfService: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

export function StatusBadge({ status }: { status: string }) {
  const color = COLORS[status] ?? "bg-amber-100 text-amber-800 ring-amber-600/20";
  return (
    <span data-testid="status-badge" className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${color}`}>
      {isTransitional(status) && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {status}
    </span>
  );
}
