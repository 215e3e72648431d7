import Link from "next/link";
import { ApiClientError } from "@/lib/api-client";

/** The API said 404: the endpoint or model asked for does not exist. */
export function isNotFound(error: unknown): error is ApiClientError {
  return error instanceof ApiClientError && error.status === 404;
}

/**
 * What a metrics page shows for an endpoint or model that does not exist, as the endpoint page does
 * (components/endpoints/endpoint-detail.tsx): its name, the API's sentence, and a way back,
 * instead of a dashboard of empty charts.
 */
export function NotFoundNotice({ name, message, back, testId }: { name: string; message: string; back: { href: string; label: string }; testId: string }) {
  return (
    <div className="flex flex-col gap-3" data-testid={testId}>
      <h1 className="text-2xl font-semibold">{name}</h1>
      <p className="text-sm text-slate-600">{message}</p>
      <Link href={back.href} className="text-sm font-medium underline">
        {back.label}
      </Link>
    </div>
  );
}
