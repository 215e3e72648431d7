"use client";

import { useEffect, useState } from "react";

/**
 * Copies a value (an ARN, an S3 URI) to the clipboard. The Clipboard API needs a secure context
 * (https or localhost); a console served over plain http elsewhere falls back to a hidden textarea
 * and execCommand, which browsers still honour for a click.
 */
export function CopyButton({ value, label, "data-testid": testId }: { value: string; label: string; "data-testid"?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      onClick={() => copy(value).then((ok) => setCopied(ok ? "yes" : "failed"))}
      className="inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      title={`Copy ${label}`}
      aria-label={`Copy ${label}`}
      data-testid={testId}
    >
      <svg aria-hidden viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
        <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
      </svg>
      <span aria-live="polite">{copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : ""}</span>
    </button>
  );
}

async function copy(value: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(value).then(
      () => true,
      () => false,
    );
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.className = "fixed -left-[9999px]";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}
