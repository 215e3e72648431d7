import { ApiClientError } from "@/lib/api-client";

/** Shows an API error as the user should read it: AWS's code and message where there is one. */
export function ErrorBanner({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  if (!error) return null;
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
