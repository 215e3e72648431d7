"use client";

import { useId, useState } from "react";
import { canaryInput, type AliasChangeView } from "@/lib/schemas/alias-release";
import type { VersionView } from "@/lib/schemas/model-views";
import { useCan } from "@/components/auth/session-user-context";
import { AliasChangeError } from "@/components/models/alias-changed-notice";
import { useStartCanaryMutation } from "@/components/models/alias-release-mutations";
import { VerificationGateNotice, forceReasonProblem, NO_FORCE, verificationGate, type ForceState } from "@/components/models/verification-gate";
import { VerificationChip } from "@/components/models/verification-chip";
import { WarmReportView } from "@/components/models/warm-report-view";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ModalBody, ModalDialog, ModalFooter } from "@/components/ui/modal-dialog";
import { useToast } from "@/components/ui/toast";

/** A canary's usual first share: enough requests to judge by, few enough to hurt little. */
const DEFAULT_WEIGHT = 10;

type StartCanaryDialogProps = {
  endpoint: string;
  model: string;
  /** The alias to split; null while closed. */
  alias: string | null;
  /** The alias's own version as the page shows it; sent as `expected`. */
  current: number | undefined;
  versions: VersionView[];
  onClose: () => void;
};

/**
 * Starts a canary: the alias keeps its version and sends a share of its requests (by weight) to a
 * second one, under the same verification gate as a move. The canary panel then shows both.
 */
export function StartCanaryDialog(props: StartCanaryDialogProps) {
  return (
    <ModalDialog open={props.alias !== null} title={props.alias === null ? "" : `Start a canary on ${props.alias}`} onClose={props.onClose} testId="canary-dialog">
      {props.alias !== null &&
        (props.current !== undefined ? (
          <StartCanaryForm {...props} alias={props.alias} current={props.current} />
        ) : (
          // Removed (in another browser) while this was open: nothing to split any more.
          <>
            <ModalBody>
              <p>{props.alias} no longer exists: set it first.</p>
            </ModalBody>
            <ModalFooter>
              <Button variant="secondary" onClick={props.onClose}>
                Close
              </Button>
            </ModalFooter>
          </>
        ))}
    </ModalDialog>
  );
}

function StartCanaryForm({ endpoint, model, alias, current, versions, onClose }: StartCanaryDialogProps & { alias: string; current: number }) {
  const candidates = versions.filter((v) => v.state === "ready" && v.version !== current);
  const [picked, setPicked] = useState(String(candidates[0]?.version ?? ""));
  const [weight, setWeight] = useState(String(DEFAULT_WEIGHT));
  const [warm, setWarm] = useState(true);
  const [force, setForce] = useState<ForceState>(NO_FORCE);
  const [done, setDone] = useState<AliasChangeView | null>(null);
  const canForce = useCan("models:force");
  const start = useStartCanaryMutation(endpoint, model);
  const toast = useToast();
  const pickId = useId();
  const weightId = useId();
  const weightHintId = useId();
  const to = candidates.find((v) => String(v.version) === picked);
  const gate = verificationGate(to);
  const forcing = !gate.open && force.chosen;
  const parsedWeight = canaryInput.shape.weight.safeParse(Number(weight));
  // The API's own messages for 0 and 100; an empty box or a fraction is just not a share.
  const weightProblem = parsedWeight.success ? undefined : weight.trim() === "" || !Number.isInteger(Number(weight)) ? "Give a whole number from 1 to 99" : parsedWeight.error.issues[0]?.message;
  const canStart = to !== undefined && weightProblem === undefined && !start.isPending && (gate.open || (forcing && forceReasonProblem(force.reason) === undefined));

  if (done) {
    return (
      <>
        <ModalBody>
          <p data-testid="canary-started">
            {alias} sends {done.canary?.weight ?? weight} % of its requests to v{done.canary?.version ?? to?.version}, the rest to v{done.version ?? current}.
          </p>
          {done.warm && <WarmReportView report={done.warm} />}
        </ModalBody>
        <ModalFooter>
          <Button onClick={onClose} data-testid="canary-close">
            Done
          </Button>
        </ModalFooter>
      </>
    );
  }

  if (candidates.length === 0) {
    return (
      <>
        <ModalBody>
          <p>A canary needs a second ready version: upload one first.</p>
        </ModalBody>
        <ModalFooter>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </ModalFooter>
      </>
    );
  }

  const submit = () => {
    if (!to || !parsedWeight.success) return;
    start.mutate(
      { alias, version: to.version, weight: parsedWeight.data, expected: current, warm, ...(forcing ? { force: { reason: force.reason.trim() } } : {}) },
      {
        onSuccess: (res) => {
          toast({ title: `Canary started on ${alias}`, description: `${model}: v${to.version} takes ${parsedWeight.data} %, v${current} the rest`, tone: "success" });
          if (res.warm) setDone(res);
          else onClose();
        },
      },
    );
  };

  return (
    <>
      <ModalBody>
        <p>
          {alias} stays on v{current} <VerificationChip verification={versions.find((v) => v.version === current)?.verification} compact /> and sends a share of its requests to the
          canary.
        </p>
        <div className="flex flex-wrap gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor={pickId} className="font-medium text-slate-800">
              Canary version
            </label>
            <select
              id={pickId}
              className={`${inputClass} w-40`}
              value={picked}
              onChange={(e) => {
                setPicked(e.target.value);
                setForce(NO_FORCE);
              }}
              data-testid="canary-version"
            >
              {candidates.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={weightId} className="font-medium text-slate-800">
              Share of requests (%)
            </label>
            <input
              id={weightId}
              type="number"
              min={1}
              max={99}
              step={1}
              inputMode="numeric"
              className={`${inputClass} w-28`}
              value={weight}
              onChange={(e) => setWeight(e.target.value)}
              aria-invalid={weightProblem !== undefined}
              aria-describedby={weightHintId}
              data-testid="canary-weight"
            />
          </div>
        </div>
        <p id={weightHintId} className={`-mt-2 text-xs ${weightProblem ? "text-red-700" : "text-slate-500"}`} data-testid="canary-split">
          {weightProblem ?? `v${current} ${100 - Number(weight)} %, v${to?.version ?? "?"} ${Number(weight)} %`}
        </p>
        {to && (
          <p className="flex flex-wrap items-center gap-1.5">
            Canary v{to.version} <VerificationChip verification={to.verification} compact testId="canary-verification" />
          </p>
        )}
        <VerificationGateNotice gate={gate} canForce={canForce} force={force} onForce={setForce} />
        {to && (
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5" checked={warm} onChange={(e) => setWarm(e.target.checked)} data-testid="canary-warm" />
            <span>Warm v{to.version} on every instance first</span>
          </label>
        )}
        <AliasChangeError error={start.error} alias={alias} title={`Could not start a canary on ${alias}`} />
      </ModalBody>
      <ModalFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant={forcing ? "danger" : "primary"} onClick={submit} disabled={!canStart} data-testid="canary-start">
          {start.isPending ? "Starting…" : forcing ? "Force canary" : "Start canary"}
        </Button>
      </ModalFooter>
    </>
  );
}
