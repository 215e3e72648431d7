"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * A modal confirmation on the native <dialog>: focus trapping and Escape come from the browser.
 * `confirmText`, when given, must be typed before the action is enabled (for destructive actions).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  confirmDisabled?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} onCancel={props.onCancel} className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
      <div className="px-6 py-5">
        <h2 className="text-base font-semibold">{props.title}</h2>
        <div className="mt-3 text-sm text-slate-700">{props.children}</div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-6 py-3">
        <Button variant="secondary" onClick={props.onCancel} type="button">
          Cancel
        </Button>
        <Button variant="danger" onClick={props.onConfirm} disabled={props.confirmDisabled || props.pending} type="button" data-testid="confirm-button">
          {props.pending ? "Working…" : props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
