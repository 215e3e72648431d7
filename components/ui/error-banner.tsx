import { Fragment } from "react";
import { describeError } from "@/lib/errors/describe-error";
import { isThrottled } from "@/components/polling";

/**
 * Shows an error as a person can act on it: the title (what failed), one sentence (why, in words:
 * lib/errors/describe-error.ts), and the raw material (codes, statuses, the container's answer,
 * where its logs are) folded away under "Details". AWS throttling is no failure of the user's: a
 * quiet notice that the console keeps retrying (queries retry and poll on their own), or, for an
 * action the user started (`action`), to try it again.
 */
export function ErrorBanner({ error, title = "Something went wrong", action = false }: { error: unknown; title?: string; action?: boolean }) {
  if (!error) return null;
  if (isThrottled(error)) {
    return (
      <div role="status" data-testid="throttled-banner" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
        {action ? `${title}: AWS is throttling requests, try again in a moment.` : "AWS is throttling requests, retrying…"}
      </div>
    );
  }
  const { sentence, details } = describeError(error);
  return (
    <div role="alert" data-testid="error-banner" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">{title}</p>
      <p className="mt-1 break-words" data-testid="error-sentence">
        {sentence}
      </p>
      {details.length > 0 && (
        <details className="mt-2" data-testid="error-details">
          <summary className="w-fit cursor-pointer rounded text-xs font-medium text-red-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700">
            Details
          </summary>
          <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
            {details.map((d, i) => (
              <Fragment key={`${i}-${d.label}`}>
                <dt className="font-medium text-red-900">{d.label}</dt>
                <dd className="break-words font-mono whitespace-pre-wrap text-red-950">
                  {d.href ? (
                    <a href={d.href} target="_blank" rel="noreferrer" className="underline">
                      {d.value}
                    </a>
                  ) : (
                    d.value
                  )}
                </dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}
