import { aliasChangedDetails, aliasChangedSentence } from "@/components/models/alias-moves";
import { ErrorBanner } from "@/components/ui/error-banner";

/**
 * An alias change's refusal. A lost race (alias_changed) is no failure to dig into: it says who
 * moved the alias where, as the page (refreshed by the mutation) now shows it. Anything else goes
 * to the error banner.
 */
export function AliasChangeError({ error, alias, title }: { error: unknown; alias: string; title: string }) {
  const changed = aliasChangedDetails(error);
  if (!changed) return <ErrorBanner error={error} title={title} action />;
  return (
    <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="alias-changed">
      <p className="font-medium">Someone else changed {changed.alias || alias} first</p>
      <p className="mt-1">{aliasChangedSentence(changed.alias || alias, changed)}</p>
    </div>
  );
}
