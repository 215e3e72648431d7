import { CSRF_HEADER, readCsrfCookie } from "@/lib/csrf";
import type { ApiErrorBody } from "@/lib/schemas/endpoint-views";

/** An error the console's API answered with: its code and a message fit to show the user. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    /** Facts beside the message for codes that carry them (alias_changed: the alias as it is now). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

/**
 * fetch() for the console's own JSON API; throws ApiClientError with the server's message.
 * Mutations carry the CSRF token the server set in a cookie (see lib/csrf.ts).
 */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const method = (rest.method ?? "GET").toUpperCase();
  const csrf = method !== "GET" && typeof document !== "undefined" ? readCsrfCookie(document.cookie) : undefined;
  const res = await fetch(path, {
    ...rest,
    headers: {
      accept: "application/json",
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  const body: unknown = text ? safeParse(text) : undefined;
  if (!res.ok) {
    const err = (body as ApiErrorBody | undefined)?.error;
    throw new ApiClientError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `Request failed (${res.status})`, err?.issues, err?.details);
  }
  return body as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
