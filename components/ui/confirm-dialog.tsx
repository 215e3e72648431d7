"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** For destructive actions: this text (an endpoint's name) must be typed before the action is enabled. */
  confirmText?: string;
  confirmDisabled?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A modal confirmation on the native <dialog>: focus trapping and Escape come from the browser.
 * Its content exists only while it is open, so whatever was typed into it before Cancel (or
 * Escape) is gone when it opens again: a name left in the box would make the next destructive
 * action one click away.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        // Escape: the parent closes it, so that `open` stays the one truth.
        e.preventDefault();
        props.onCancel();
      }}
      aria-labelledby={titleId}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {props.open && <DialogContent {...props} titleId={titleId} />}
    </dialog>
  );
}

function DialogContent(props: ConfirmDialogProps & { titleId: string }) {
  const [typed, setTyped] = useState("");
  const textMissing = props.confirmText !== undefined && typed !== props.confirmText;
  return (
    <>
      <div className="px-6 py-5">
        <h2 id={props.titleId} className="text-base font-semibold">
          {props.title}
        </h2>
        <div className="mt-3 text-sm text-slate-700">{props.children}</div>
        {props.confirmText !== undefined && (
          <label className="mt-3 flex flex-col gap-1 text-sm text-slate-700">
            <span>
              Type <span className="font-mono font-semibold">{props.confirmText}</span> to confirm
            </span>
            <input className={inputClass} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="confirm-name" autoComplete="off" />
          </label>
        )}
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-6 py-3">
        <Button variant="secondary" onClick={props.onCancel} type="button">
          Cancel
        </Button>
        <Button variant="danger" onClick={props.onConfirm} disabled={textMissing || props.confirmDisabled || props.pending} type="button" data-testid="confirm-button">
          {props.pending ? "Working…" : props.confirmLabel}
        </Button>
      </div>
    </>
  );
}
