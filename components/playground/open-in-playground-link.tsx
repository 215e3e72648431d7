"use client";

import Link from "next/link";
import { useCan } from "@/components/auth/session-user-context";
import { playgroundHref } from "@/components/playground/target-params";
import { LinkButton } from "@/components/ui/button";

type Props = {
  endpoint: string;
  model: string;
  /** A ready version to open; without one (nor an alias), the model's default ref. */
  version?: number;
  alias?: string;
  /** "button" beside a page's title; "text" in a table row. */
  look?: "button" | "text";
  "data-testid"?: string;
};

/** "Open in playground" for a model or one of its versions; nothing for a role that may not invoke. */
export function OpenInPlaygroundLink({ endpoint, model, version, alias, look = "button", "data-testid": testId = "open-in-playground" }: Props) {
  const canInvoke = useCan("invoke");
  if (!canInvoke) return null;
  const href = playgroundHref({ endpoint, model, version, alias });
  return look === "button" ? (
    <LinkButton href={href} data-testid={testId}>
      Open in playground
    </LinkButton>
  ) : (
    <Link href={href} className="text-xs text-slate-700 underline hover:text-slate-900" data-testid={testId}>
      playground
    </Link>
  );
}
