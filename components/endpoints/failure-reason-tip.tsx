"use client";

import { useId, type ReactNode } from "react";

/**
 * Why an endpoint failed, on hover and on keyboard focus of its status (a button, so it can take
 * focus), read out as the status's description. Hidden, it takes no room, so it never widens the page.
 */
export function FailureReasonTip({ reason, children }: { reason: string; children: ReactNode }) {
  const id = useId();
  return (
    <span className="group relative inline-flex">
      <button type="button" aria-describedby={id} className="cursor-help rounded-full focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500" data-testid="failure-reason-trigger">
        {children}
      </button>
      <span
        role="tooltip"
        id={id}
        className="absolute left-0 top-full z-20 mt-1.5 hidden w-72 max-w-[70vw] rounded-md bg-slate-900 px-3 py-2 text-xs font-normal normal-case leading-relaxed text-white shadow-lg group-focus-within:block group-hover:block"
        data-testid="failure-reason-tip"
      >
        {reason}
      </span>
    </span>
  );
}
