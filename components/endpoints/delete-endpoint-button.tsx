"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useDeleteEndpointMutation } from "@/components/endpoints/endpoint-mutations";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";

/** Delete behind a confirmation that asks for the endpoint's name, as destructive consoles do. */
export function DeleteEndpointButton({ name, disabled, title }: { name: string; disabled: boolean; title?: string }) {
  const router = useRouter();
  const del = useDeleteEndpointMutation(name);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [withResources, setWithResources] = useState(true);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} disabled={disabled} title={title} data-testid="delete-endpoint">
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete endpoint ${name}?`}
        confirmLabel="Delete endpoint"
        confirmDisabled={typed !== name}
        pending={del.isPending}
        onCancel={() => {
          setOpen(false);
          del.reset();
        }}
        onConfirm={() => del.mutate(withResources, { onSuccess: () => router.push("/endpoints") })}
      >
        <p>The endpoint stops serving all of its models. Objects in S3 are kept.</p>
        <label className="mt-3 flex items-center gap-2">
          <input type="checkbox" checked={withResources} onChange={(e) => setWithResources(e.target.checked)} />
          Also delete its endpoint configurations and its model
        </label>
        <label className="mt-3 flex flex-col gap-1">
          <span>
            Type <span className="font-mono font-semibold">{name}</span> to confirm
          </span>
          <input className={inputClass} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="confirm-name" autoComplete="off" />
        </label>
        <div className="mt-3">
          <ErrorBanner error={del.error} title="Could not delete the endpoint" action />
        </div>
      </ConfirmDialog>
    </>
  );
}
