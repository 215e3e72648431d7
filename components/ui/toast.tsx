"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

export type ToastInput = { title: string; description?: string; tone?: "success" | "error" };
type Toast = ToastInput & { id: number };

/** Long enough to read a line and a half; hovering or focusing a toast keeps it. */
const SHOW_MS = 6_000;
/** Older toasts go first when actions finish in a burst (a bulk upload). */
const MAX_TOASTS = 4;

const ToastContext = createContext<(t: ToastInput) => void>(() => {});

/**
 * Toasts for actions that finished (an endpoint created, an alias moved, an upload done): they
 * outlive the page that started them (the provider sits above every page), and are announced
 * politely to screen readers. Errors stay in the page's own banners, next to what failed.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const show = useCallback((t: ToastInput) => setToasts((all) => [...all, { ...t, id: nextId.current++ }].slice(-MAX_TOASTS)), []);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <section
        aria-label="Notifications"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-end gap-2 sm:left-auto sm:right-5 sm:bottom-5"
        data-testid="toasts"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} dismiss={dismiss} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => dismiss(toast.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [held, dismiss, toast.id]);
  const tone = toast.tone === "error" ? "border-red-200 bg-red-50 text-red-900" : "border-emerald-200 bg-white text-slate-900";
  return (
    <div
      role="status"
      className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${tone}`}
      data-testid="toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span aria-hidden className={`mt-1 h-2 w-2 shrink-0 rounded-full ${toast.tone === "error" ? "bg-red-500" : "bg-emerald-500"}`} />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{toast.title}</p>
        {toast.description && <p className="mt-0.5 break-words text-slate-600">{toast.description}</p>}
      </div>
      <button type="button" onClick={() => dismiss(toast.id)} className="-m-1 rounded p-1 text-slate-400 hover:text-slate-700" aria-label="Dismiss notification">
        ×
      </button>
    </div>
  );
}

/** `toast({ title })` from any client component under the root layout. */
export function useToast(): (t: ToastInput) => void {
  return useContext(ToastContext);
}
