"use client";

import { createContext, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

const CloseContext = createContext<() => void>(() => {});

/**
 * A button that opens a short list of actions (the WAI-ARIA menu button pattern): arrow keys move
 * between items, Escape or a click elsewhere closes it and focus returns to the button. The items
 * stay in the document while closed (hidden), so a disabled one still says why in its title.
 */
export function Menu({ label, children, "data-testid": testId }: { label: string; children: ReactNode; "data-testid"?: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  const items = () => [...(list.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]:not(:disabled)") ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLButtonElement>("[role=menuitem]:not(:disabled)")?.focus();
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close(true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const all = items();
    if (all.length === 0) return;
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : (at + (e.key === "ArrowDown" ? 1 : -1) + all.length) % all.length;
    all[next]?.focus();
  };

  return (
    <div ref={root} className="relative" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        data-testid={testId}
      >
        {label}
        <svg aria-hidden viewBox="0 0 16 16" width="12" height="12" fill="currentColor">
          <path d="M4 6l4 4 4-4z" />
        </svg>
      </button>
      <CloseContext.Provider value={() => close(false)}>
        <ul
          id={id}
          ref={list}
          role="menu"
          aria-label={label}
          hidden={!open}
          className="absolute right-0 z-30 mt-1 min-w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          {children}
        </ul>
      </CloseContext.Provider>
    </div>
  );
}

export function MenuItem({
  onSelect,
  disabled,
  title,
  tone = "default",
  children,
  "data-testid": testId,
}: {
  onSelect: () => void;
  disabled?: boolean;
  title?: string;
  tone?: "default" | "danger";
  children: ReactNode;
  "data-testid"?: string;
}) {
  const close = useContext(CloseContext);
  return (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        disabled={disabled}
        title={title}
        onClick={() => {
          close();
          onSelect();
        }}
        className={`block w-full px-3 py-2 text-left text-sm focus:bg-slate-100 focus:outline-none disabled:cursor-not-allowed disabled:text-slate-400 ${
          tone === "danger" ? "text-red-700 hover:bg-red-50" : "text-slate-800 hover:bg-slate-100"
        }`}
        data-testid={testId}
      >
        {children}
      </button>
    </li>
  );
}
