"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

type ModalDialogProps = {
  open: boolean;
  title: string;
  onClose: () => void;
  /** A ModalBody and a ModalFooter, mounted only while the dialog is open (their hooks run then only). */
  children: ReactNode;
  testId?: string;
  /** md: a yes-or-no confirmation; xl (default): a form. */
  size?: "md" | "xl";
};

/**
 * A modal on the native <dialog> (focus trapping and Escape from the browser) for forms that are
 * more than a yes or no, and under ConfirmDialog for those that are. Its body scrolls inside the viewport, so a tall form on a phone keeps its
 * buttons reachable. As with ConfirmDialog, the content exists only while it is open: what was
 * typed into it (a force reason) is gone when it opens again.
 */
export function ModalDialog({ open, title, onClose, children, testId, size = "xl" }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        // Escape: the parent closes it, so that `open` stays the one truth.
        e.preventDefault();
        onClose();
      }}
      aria-labelledby={titleId}
      className={`m-auto max-h-[calc(100dvh-1.5rem)] w-[calc(100%-1.5rem)] ${size === "md" ? "max-w-md" : "max-w-xl"} overflow-hidden rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40`}
      data-testid={testId}
    >
      {open && (
        <div className="flex max-h-[calc(100dvh-1.5rem)] flex-col">
          <h2 id={titleId} className="border-b border-slate-100 px-5 py-4 text-base font-semibold break-words">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** The dialog's content; it scrolls, the title and footer stay. */
export function ModalBody({ children }: { children: ReactNode }) {
  return <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-5 py-4 text-sm text-slate-700">{children}</div>;
}

/** The buttons at the bottom, right-aligned; they stay in view while the body scrolls. */
export function ModalFooter({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">{children}</div>;
}
