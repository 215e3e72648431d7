import type { InvokeResultView } from "@/lib/schemas/invoke";
import { CompareSummary } from "@/components/playground/compare-outputs";
import { InvokeResult } from "@/components/playground/outputs-table";
import { Card } from "@/components/ui/card";

/** The latest answer: one result, or two side by side with how their outputs differ. */
export function InvokeResponse({ results }: { results: InvokeResultView[] }) {
  return (
    <Card title={results.length > 1 ? "Side by side" : "Response"}>
      <div className={`grid gap-5 ${results.length > 1 ? "lg:grid-cols-2" : ""}`}>
        {results.map((r, i) => (
          <InvokeResult key={i} result={r} testId={`pg-result-${i}`} />
        ))}
      </div>
      {results.length > 1 && (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <p className="mb-1 text-sm font-medium">Difference</p>
          {results[0]!.version === results[1]!.version ? (
            // An alias resolves when invoked: it may have moved onto the other version since it was picked.
            <p className="text-sm text-amber-800" data-testid="compare-summary">
              Both ran v{results[0]!.version}: nothing to compare.
            </p>
          ) : (
            <CompareSummary a={results[0]!} b={results[1]!} />
          )}
        </div>
      )}
    </Card>
  );
}
