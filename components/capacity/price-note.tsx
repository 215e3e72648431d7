import type { CapacityView } from "@/lib/schemas/capacity";
import { formatDateTime } from "@/lib/format";

/**
 * Where the dollars come from: a checked-in table of on-demand prices (lib/capacity/instance-prices.json)
 * as of a date, or the operator's own (MME_PRICES_FILE), and what the replay covered.
 */
export function PriceNote({ view }: { view: CapacityView }) {
  const { prices } = view;
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-600" data-testid="price-note">
      <p>
        Prices: on-demand {prices.currency} per instance-hour in {view.region}, times 730 hours a month,{" "}
        {prices.overriddenBy ? (
          <span data-testid="prices-overridden">
            from <span className="font-mono break-all">{prices.overriddenBy}</span> (MME_PRICES_FILE) over the checked-in table
          </span>
        ) : (
          <span data-testid="prices-checked-in">from the console&apos;s checked-in table (set MME_PRICES_FILE to use your own)</span>
        )}
        {prices.retrieved && <>, retrieved {prices.retrieved}</>}.
      </p>
      {prices.note && (
        <details>
          <summary className="w-fit cursor-pointer font-medium underline-offset-2 hover:underline">About these prices</summary>
          <p className="mt-1 max-w-3xl">{prices.note}</p>
        </details>
      )}
      <p>
        Replayed {formatDateTime(view.start)} to {formatDateTime(view.end)}, minute by minute, in {Math.round(view.simulateMs)} ms (seed {view.seed}).
      </p>
    </div>
  );
}
