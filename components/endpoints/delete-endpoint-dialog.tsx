"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useDeleteEndpointMutation } from "@/components/endpoints/endpoint-mutations";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import { inputClass } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** Delete behind a confirmation that asks for the endpoint's name, as destructive consoles do. */
export function DeleteEndpointDialog({ name, open, onClose }: { name: string; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const del = useDeleteEndpointMutation(name);
  const [typed, setTyped] = useState("");
  const [withResources, setWithResources] = useState(true);
  // Cancel forgets what was typed: a name left in the box would make the next Delete one click away.
  const cancel = () => {
    setTyped("");
    setWithResources(true);
    del.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title={`Delete endpoint ${name}?`}
      confirmLabel="Delete endpoint"
      confirmDisabled={typed !== name}
      pending={del.isPending}
      onCancel={cancel}
      // mutateAsync, not mutate's own onSuccess: that one is skipped once the dialog unmounts (the
      // endpoint page can give way under it), and the console must still move to the list.
      onConfirm={() =>
        del.mutateAsync(withResources).then(
          () => {
            toast({ title: `Endpoint ${name} deleted`, description: "SageMaker is removing it; it leaves the list once it is gone." });
            router.push("/endpoints");
          },
          () => undefined, // shown by the banner below, from del.error
        )
      }
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
  );
}
