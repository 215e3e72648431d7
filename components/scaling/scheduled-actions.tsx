"use client";

import { useState } from "react";
import { formatDateTime } from "@/lib/format";
import { scheduledActionInput, type ScalingView } from "@/lib/schemas/scaling";
import { parseNumberField } from "@/components/scaling/number-input";
import { useDeleteScheduledActionMutation, usePutScheduledActionMutation } from "@/components/scaling/scaling-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorBanner } from "@/components/ui/error-banner";
import { Field, inputClass } from "@/components/ui/field";
import { TableHead } from "@/components/ui/table-head";
import { useToast } from "@/components/ui/toast";
import { fieldIssue } from "@/lib/errors/issue-sentence";

const bound = (n?: number) => (n === undefined ? "—" : String(n));

/** Scheduled actions: at their times they set the target's min and/or max (AWS's at(), rate() and cron() schedules). */
export function ScheduledActions({ view, canEdit }: { view: ScalingView; canEdit: boolean }) {
  const remove = useDeleteScheduledActionMutation(view.endpoint);
  const toast = useToast();
  const actions = view.scheduledActions;
  return (
    <Card title="Scheduled actions">
      <div className="flex flex-col gap-4">
        {actions.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="no-scheduled-actions">
            No scheduled action.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="scheduled-actions">
              <TableHead columns={["Name", "Schedule", "Min", "Max", ...(canEdit ? [""] : [])]} />
              <tbody className="divide-y divide-slate-100">
                {actions.map((a) => (
                  <tr key={a.name} data-testid="scheduled-action-row">
                    <td className="py-2 pr-4 break-all">{a.name}</td>
                    <td className="py-2 pr-4">
                      <span className="font-mono text-xs">{a.schedule}</span>
                      {a.timezone && <span className="text-xs text-slate-500"> · {a.timezone}</span>}
                      {a.end !== undefined && <span className="block text-xs text-slate-500">until {formatDateTime(new Date(a.end).toISOString())}</span>}
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{bound(a.minCapacity)}</td>
                    <td className="py-2 pr-4 tabular-nums">{bound(a.maxCapacity)}</td>
                    {canEdit && (
                      <td className="py-2 text-right">
                        <Button
                          variant="secondary"
                          className="px-2.5 py-1 text-xs"
                          disabled={remove.isPending}
                          aria-label={`Delete scheduled action ${a.name}`}
                          data-testid="scheduled-action-delete"
                          onClick={() => remove.mutate(a.name, { onSuccess: () => toast({ title: "Scheduled action deleted", description: a.name }) })}
                        >
                          Delete
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ErrorBanner error={remove.error} title="Could not delete the scheduled action" action />
        {canEdit && view.target && <AddScheduledAction endpoint={view.endpoint} />}
      </div>
    </Card>
  );
}

function AddScheduledAction({ endpoint }: { endpoint: string }) {
  const put = usePutScheduledActionMutation(endpoint);
  const toast = useToast();
  const [name, setName] = useState("");
  const [schedule, setSchedule] = useState("cron(0 20 * * ? *)");
  const [timezone, setTimezone] = useState("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const [tried, setTried] = useState(false);
  const parsed = scheduledActionInput.safeParse({
    name: name.trim(),
    schedule: schedule.trim(),
    timezone: timezone.trim() || undefined,
    minCapacity: parseNumberField(min),
    maxCapacity: parseNumberField(max),
  });
  const issue = (field: string) => (tried && !parsed.success ? fieldIssue(parsed.error.issues, field) : undefined);
  return (
    <form
      className="flex flex-col gap-3 border-t border-slate-100 pt-4"
      data-testid="scheduled-action-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!parsed.success) return;
        put.mutate(parsed.data, {
          onSuccess: () => {
            toast({ title: "Scheduled action saved", description: `${parsed.data.name}: ${parsed.data.schedule}` });
            setName("");
            setTried(false);
          },
        });
      }}
    >
      <h3 className="text-sm font-medium text-slate-800">Add a scheduled action</h3>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Field label="Name" htmlFor="sa-name" error={issue("name")}>
          <input id="sa-name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(issue("name"))} data-testid="sa-name" />
        </Field>
        <Field label="Schedule" htmlFor="sa-schedule" error={issue("schedule")} hint="at(…), rate(1 day) or cron(min h day month weekday year)">
          <input id="sa-schedule" className={`${inputClass} font-mono`} value={schedule} onChange={(e) => setSchedule(e.target.value)} aria-invalid={Boolean(issue("schedule"))} data-testid="sa-schedule" />
        </Field>
        <Field label="Time zone" htmlFor="sa-timezone" error={issue("timezone")} hint="Empty: UTC">
          <input id="sa-timezone" className={inputClass} value={timezone} placeholder="Europe/Berlin" onChange={(e) => setTimezone(e.target.value)} data-testid="sa-timezone" />
        </Field>
        <Field label="Set minimum to" htmlFor="sa-min" error={issue("minCapacity")}>
          <input id="sa-min" type="number" min={1} className={inputClass} value={min} onChange={(e) => setMin(e.target.value)} aria-invalid={Boolean(issue("minCapacity"))} data-testid="sa-min" />
        </Field>
        <Field label="Set maximum to" htmlFor="sa-max" error={issue("maxCapacity")}>
          <input id="sa-max" type="number" min={1} className={inputClass} value={max} onChange={(e) => setMax(e.target.value)} aria-invalid={Boolean(issue("maxCapacity"))} data-testid="sa-max" />
        </Field>
      </div>
      <div>
        <Button type="submit" variant="secondary" disabled={put.isPending} data-testid="sa-save">
          {put.isPending ? "Saving…" : "Add scheduled action"}
        </Button>
      </div>
      <ErrorBanner error={put.error} title="Could not save the scheduled action" action />
    </form>
  );
}
