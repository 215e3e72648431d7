"use client";

import Link from "next/link";

export type TabItem = { href: string; label: string; active: boolean; "data-testid"?: string };

/**
 * A row of tabs that are pages (each its own URL, so a tab is a link one can share or open in a
 * new window). It scrolls sideways on its own on a narrow screen instead of widening the page.
 */
export function Tabs({ items, label }: { items: readonly TabItem[]; label: string }) {
  return (
    <nav aria-label={label} className="-mb-px overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-1">
        {items.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.active ? "page" : undefined}
              className={`block border-b-2 px-3 py-2 text-sm font-medium ${
                t.active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800"
              }`}
              data-testid={t["data-testid"]}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
