"use client";

import Link from "next/link";
import { useCan } from "@/components/auth/session-user-context";

export function CreateEndpointLink() {
  if (!useCan("endpoints:write")) return null;
  return (
    <Link href="/endpoints/new" className="rounded-md bg-slate-900 px-3.5 py-2 text-sm font-medium text-white hover:bg-slate-700" data-testid="create-endpoint-link">
      Create endpoint
    </Link>
  );
}
