"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ModalBody, ModalDialog, ModalFooter } from "@/components/ui/modal-dialog";

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
 * A modal yes-or-no on ModalDialog. Its content exists only while it is open, so whatever was
 * typed into it before Cancel (or Escape) is gone when it opens again: a name left in the box
 * would make the next destructive action one click away.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <ModalDialog open={props.open} title={props.title} onClose={props.onCancel} size="md">
      <ConfirmContent {...props} />
    </ModalDialog>
  );
}

function ConfirmContent(props: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const textMissing = props.confirmText !== undefined && typed !== props.confirmText;
  return (
    <>
      <ModalBody>
        <div>{props.children}</div>
        {props.confirmText !== undefined && (
          <label className="flex flex-col gap-1">
            <span>
              Type <span className="font-mono font-semibold">{props.confirmText}</span> to confirm
            </span>
            <input className={inputClass} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="confirm-name" autoComplete="off" />
          </label>
        )}
      </ModalBody>
      <ModalFooter>
        <Button variant="secondary" onClick={props.onCancel} type="button">
          Cancel
        </Button>
        <Button variant="danger" onClick={props.onConfirm} disabled={textMissing || props.confirmDisabled || props.pending} type="button" data-testid="confirm-button">
          {props.pending ? "Working…" : props.confirmLabel}
        </Button>
      </ModalFooter>
    </>
  );
}
