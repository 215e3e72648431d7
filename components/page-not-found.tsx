"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** What the console's 404 says: which address has no page, and the ways back in. */
export function PageNotFound({ signedIn }: { signedIn: boolean }) {
  const pathname = usePathname();
  return (
    <div className="flex max-w-xl flex-col gap-3" data-testid="not-found">
      <p className="text-sm font-medium text-slate-500">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="text-sm text-slate-600">
        There is no page at <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">{pathname}</code>. It may have been mistyped, or moved.
      </p>
      <p className="flex flex-wrap gap-4 text-sm font-medium">
        {signedIn ? (
          <>
            <Link href="/endpoints" className="underline">
              Endpoints
            </Link>
            <Link href="/playground" className="underline">
              Playground
            </Link>
          </>
        ) : (
          <Link href="/signin" className="underline">
            Sign in
          </Link>
        )}
      </p>
    </div>
  );
}
