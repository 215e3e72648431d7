"use client";

import { useRef, useState } from "react";
import { invokeSnippet, SNIPPET_LANGUAGES, type SnippetLanguage } from "@/lib/playground/invoke-snippets";
import type { RuntimeLocation } from "@/lib/playground/runtime-location";
import type { V2Request } from "@/lib/schemas/invoke";
import { Button } from "@/components/ui/button";

type Props = {
  runtime: RuntimeLocation;
  endpoint: string;
  targetModel: string | undefined;
  /** The form's request as it stands, or why it cannot be sent. */
  request: { request: V2Request } | { error: string };
  /** The alias the main ref names, when it is one: the code names the version it stands for now. */
  alias?: string;
  version?: number;
};

/** The request being written, as curl, AWS CLI, boto3 or JavaScript, each copied with one click. */
export function RequestAsCode({ runtime, endpoint, targetModel, request, alias, version }: Props) {
  const [language, setLanguage] = useState<SnippetLanguage>("curl");
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  if (!targetModel) return null;
  if ("error" in request) return <p className="text-sm text-slate-500">Fix the request to see it as code: {request.error}</p>;
  const text = invokeSnippet(language, { runtime, endpoint, targetModel, body: request.request });

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      // No Clipboard API outside a secure context (a console served over plain http): the older way.
      const range = document.createRange();
      range.selectNodeContents(pre.current!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied(document.execCommand("copy") ? "copied" : "failed");
    }
    setTimeout(() => setCopied(null), 2000);
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="tablist" aria-label="Language" className="flex flex-wrap gap-1">
          {SNIPPET_LANGUAGES.map((l) => (
            <button
              key={l.id}
              type="button"
              role="tab"
              aria-selected={l.id === language}
              className={`rounded px-2.5 py-1 text-xs font-medium ${l.id === language ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              onClick={() => {
                setLanguage(l.id);
                setCopied(null);
              }}
              data-testid={`pg-code-tab-${l.id}`}
            >
              {l.label}
            </button>
          ))}
        </div>
        <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={copy} data-testid="pg-code-copy">
          {copied === "copied" ? "Copied" : copied === "failed" ? "Select and copy" : "Copy"}
        </Button>
      </div>
      <pre ref={pre} className="max-h-80 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="pg-code">
        {text}
      </pre>
      <p className="text-xs text-slate-500">
        Credentials come from your environment: the code holds none.
        {runtime.kind === "local" && " For the local engine, export the access key and secret it was started with."}
        {alias && version !== undefined && ` SageMaker knows no aliases: this names v${version}, which ${alias} stands for now.`}
      </p>
    </div>
  );
}
