"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

export type TabItem = { href: string; label: string; active: boolean; "data-testid"?: string };

/**
 * A row of tabs that are pages (each its own URL, so a tab is a link one can share or open in a
 * new window). It scrolls sideways on its own on a narrow screen instead of widening the page.
 */
export function Tabs({ items, label }: { items: readonly TabItem[]; label: string }) {
  const nav = useRef<HTMLElement>(null);
  const active = items.find((t) => t.active)?.href;
  // On a narrow screen the current tab may sit past the row's right edge: scroll the row (never the page) to show it.
  useEffect(() => {
    const row = nav.current;
    const tab = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!row || !tab) return;
    const left = tab.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
    if (left + tab.offsetWidth > row.scrollLeft + row.clientWidth || left < row.scrollLeft) row.scrollLeft = left - 16;
  }, [active]);
  return (
    <nav ref={nav} aria-label={label} className="-mb-px overflow-x-auto border-b border-slate-200">
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
