"use client";

import { useId, useState } from "react";
import { formatMetric } from "@/lib/metrics/format-metric";
import type { AliasChangeView } from "@/lib/schemas/alias-release";
import type { VersionView } from "@/lib/schemas/model-views";
import { useCan } from "@/components/auth/session-user-context";
import { AliasChangeError } from "@/components/models/alias-changed-notice";
import { useMoveAliasMutation } from "@/components/models/alias-release-mutations";
import { VerificationGateNotice, forceReasonProblem, NO_FORCE, verificationGate, type ForceState } from "@/components/models/verification-gate";
import { VerificationChip } from "@/components/models/verification-chip";
import { useReleaseMetricsQuery, versionTraffic } from "@/components/models/version-traffic";
import { WarmReportView } from "@/components/models/warm-report-view";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ModalBody, ModalDialog, ModalFooter } from "@/components/ui/modal-dialog";
import { useToast } from "@/components/ui/toast";

type MoveAliasDialogProps = {
  endpoint: string;
  model: string;
  /** The alias to move; null while closed. */
  alias: string | null;
  /** Where the alias points as the page shows it now (undefined: a new alias); sent as `expected`. */
  current: number | undefined;
  versions: VersionView[];
  /** The version picked when it opens (the new-alias form's choice). */
  initialVersion?: number;
  onClose: () => void;
};

/**
 * Moving an alias (or setting a new one) after a look at both sides: from → to with each side's
 * verification and the current target's last hour, an optional warm-up on every instance, and a
 * confirmation. Only verified versions pass; an admin may force one with a reason.
 */
export function MoveAliasDialog(props: MoveAliasDialogProps) {
  const title = props.alias === null ? "" : props.current === undefined ? `Set ${props.alias}` : `Move ${props.alias}`;
  return (
    <ModalDialog open={props.alias !== null} title={title} onClose={props.onClose} testId="move-alias-dialog">
      {props.alias !== null && <MoveAliasForm {...props} alias={props.alias} />}
    </ModalDialog>
  );
}

function MoveAliasForm({ endpoint, model, alias, current, versions, initialVersion, onClose }: MoveAliasDialogProps & { alias: string }) {
  const ready = versions.filter((v) => v.state === "ready");
  const [picked, setPicked] = useState(String(initialVersion ?? ready.find((v) => v.version !== current)?.version ?? ready[0]?.version ?? ""));
  const [warm, setWarm] = useState(true);
  const [force, setForce] = useState<ForceState>(NO_FORCE);
  const [done, setDone] = useState<AliasChangeView | null>(null);
  const canForce = useCan("models:force");
  const move = useMoveAliasMutation(endpoint, model);
  const toast = useToast();
  const pickId = useId();
  const to = ready.find((v) => String(v.version) === picked);
  const from = versions.find((v) => v.version === current);
  const gate = verificationGate(to);
  const forcing = !gate.open && force.chosen;
  const unchanged = to !== undefined && to.version === current;
  const canConfirm = to !== undefined && !unchanged && !move.isPending && (gate.open || (forcing && forceReasonProblem(force.reason) === undefined));

  if (done) {
    return (
      <>
        <ModalBody>
          <p data-testid="move-done">
            {alias} {done.previous === undefined ? "now points at" : `moved from v${done.previous} to`} v{done.version}.
          </p>
          {done.warm && <WarmReportView report={done.warm} />}
        </ModalBody>
        <ModalFooter>
          <Button onClick={onClose} data-testid="move-close">
            Done
          </Button>
        </ModalFooter>
      </>
    );
  }

  const confirm = () => {
    if (!to) return;
    move.mutate(
      { alias, version: to.version, expected: current ?? null, warm, ...(forcing ? { force: { reason: force.reason.trim() } } : {}) },
      {
        onSuccess: (res) => {
          toast({ title: `${alias} → v${res.version ?? to.version}`, description: res.previous === undefined ? `${model}: new alias` : `${model}: v${res.previous} → v${res.version ?? to.version}`, tone: "success" });
          // The warm-up's report is worth reading before the dialog goes; a plain move needs no second look.
          if (res.warm) setDone(res);
          else onClose();
        },
      },
    );
  };

  return (
    <>
      <ModalBody>
        <div className="flex flex-col gap-1">
          <label htmlFor={pickId} className="font-medium text-slate-800">
            Move to
          </label>
          <select
            id={pickId}
            className={`${inputClass} sm:w-60`}
            value={picked}
            onChange={(e) => {
              setPicked(e.target.value);
              setForce(NO_FORCE);
            }}
            data-testid="move-version"
          >
            {ready.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.version === current ? " (current)" : ""}
              </option>
            ))}
          </select>
        </div>
        <FromTo alias={alias} from={from} current={current} to={to} />
        <CurrentTargetTraffic endpoint={endpoint} model={model} current={current} />
        {unchanged ? <p className="text-slate-600">{alias} already points at v{current}: pick another version.</p> : <VerificationGateNotice gate={gate} canForce={canForce} force={force} onForce={setForce} />}
        {to && (
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5" checked={warm} onChange={(e) => setWarm(e.target.checked)} data-testid="move-warm" />
            <span>
              Warm v{to.version} on every instance first
              <span className="block text-xs text-slate-500">Loads it everywhere before the switch, so the first requests after it do not wait for a cold load.</span>
            </span>
          </label>
        )}
        <AliasChangeError error={move.error} alias={alias} title={`Could not move ${alias}`} />
      </ModalBody>
      <ModalFooter>
        <Button variant="secondary" onClick={onClose} data-testid="move-cancel">
          Cancel
        </Button>
        <Button variant={forcing ? "danger" : "primary"} onClick={confirm} disabled={!canConfirm} data-testid="move-confirm">
          {move.isPending ? (warm ? `Warming v${to?.version}…` : "Moving…") : forcing ? "Force move" : `${current === undefined ? "Set" : "Move"} ${alias} to v${to?.version ?? "?"}`}
        </Button>
      </ModalFooter>
    </>
  );
}

/** Both sides of the change, each with its verification. */
function FromTo({ alias, from, current, to }: { alias: string; from: VersionView | undefined; current: number | undefined; to: VersionView | undefined }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-2 rounded-md border border-slate-200 px-3 py-2" data-testid="move-from-to">
      <div className="min-w-0" data-testid="move-from">
        <p className="text-xs text-slate-500">{alias} now</p>
        {current === undefined ? (
          <p className="font-medium text-slate-500">not set</p>
        ) : (
          <p className="flex flex-wrap items-center gap-1.5 font-medium">
            v{current} <VerificationChip verification={from?.verification} compact testId="move-from-verification" />
          </p>
        )}
      </div>
      <span aria-hidden className="text-slate-400">
        →
      </span>
      <div className="min-w-0" data-testid="move-to">
        <p className="text-xs text-slate-500">after the move</p>
        {to ? (
          <p className="flex flex-wrap items-center gap-1.5 font-medium">
            v{to.version} <VerificationChip verification={to.verification} compact testId="move-to-verification" />
          </p>
        ) : (
          <p className="text-slate-500">—</p>
        )}
      </div>
    </div>
  );
}

/** How the version the alias leaves has served in the last hour: what the move is measured against. */
function CurrentTargetTraffic({ endpoint, model, current }: { endpoint: string; model: string; current: number | undefined }) {
  const q = useReleaseMetricsQuery(endpoint, model);
  if (current === undefined) return null;
  const t = versionTraffic(q.data?.byVersion[String(current)]);
  let text: string;
  if (q.isPending) text = "Reading its last hour…";
  else if (q.error) text = "Its metrics could not be read.";
  else if (!t || t.invocations === 0) text = `v${current}: no traffic in the last hour.`;
  else
    text = `v${current} in the last hour: ${formatMetric(t.invocations, "count")} invocations, error rate ${formatMetric(t.errorRate, "ratio")}, p99 ${formatMetric(t.p99Us, "microseconds")}.`;
  return (
    <p className="text-slate-600" data-testid="move-current-traffic">
      {text}
    </p>
  );
}
