import { ApiClientError } from "@/lib/api-client";
import { isThrottled } from "@/components/polling";

/**
 * Shows an API error as the user should read it: AWS's code and message where there is one. AWS
 * throttling is no failure of the user's: a quiet notice that the console keeps retrying (queries
 * retry and poll on their own), or, for an action the user started (`action`), to try it again.
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
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiClientError ? error.code : undefined;
  return (
    <div role="alert" data-testid="error-banner" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">
        {title}
        {code && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 font-mono text-xs">{code}</span>}
      </p>
      <p className="mt-1 break-words">{message}</p>
    </div>
  );
}
