"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { AUDIT_RESULTS, type AuditFacets, type AuditFilters as Filters, type AuditResult } from "@/lib/schemas/audit";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** Short enough for the select at every width; what each means is in the option's title. */
const RESULT_LABELS: Record<AuditResult, { label: string; title: string }> = {
  ok: { label: "ok", title: "Done" },
  refused: { label: "refused", title: "Refused by the console: not signed in, CSRF, or the role may not" },
  error: { label: "error", title: "Failed" },
  rejected: { label: "rejected (checker)", title: "An upload the package checker refused" },
  aborted: { label: "aborted (upload)", title: "An upload cancelled by its uploader" },
};

/**
 * The log's filters, kept in the URL (shareable, and the back button undoes one). Choosing from a
 * list applies at once; the resource applies on Enter or Filter. Applying goes back to the newest page.
 */
export function AuditFilters({ filters, facets }: { filters: Filters; facets: AuditFacets }) {
  const router = useRouter();
  const apply = (form: HTMLFormElement) => {
    // Only the filters that are set: `?action=SetAlias`, not `?user=&action=SetAlias&...`.
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value.toString().trim()) params.set(key, value.toString().trim());
    router.push(`/audit${params.size ? `?${params}` : ""}`);
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    apply(e.currentTarget);
  };
  const onPick = (e: { currentTarget: HTMLSelectElement }) => e.currentTarget.form && apply(e.currentTarget.form);
  const filtered = Object.values(filters).some(Boolean);
  return (
    // Without JavaScript the form still works: a GET to this page with the same keys.
    <form action="/audit" onSubmit={onSubmit} className="grid grid-cols-2 gap-3 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]" data-testid="audit-filters">
      <Select label="User" name="user" value={filters.user} options={withCurrent(facets.users, filters.user)} any="Anyone" onChange={onPick} />
      <Select label="Action" name="action" value={filters.action} options={withCurrent(facets.actions, filters.action)} any="Any action" onChange={onPick} />
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Resource
        <input
          name="resource"
          defaultValue={filters.resource}
          placeholder="endpoint or endpoint/model"
          className={inputClass}
          data-testid="audit-filter-resource"
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <Select
        label="Outcome"
        name="result"
        value={filters.result}
        options={AUDIT_RESULTS.map((r) => ({ value: r, ...RESULT_LABELS[r] }))}
        any="Any outcome"
        onChange={onPick}
      />
      <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
        <Button type="submit" variant="secondary" data-testid="audit-apply">
          Filter
        </Button>
        {filtered && (
          <Link href="/audit" className="px-2 py-2 text-sm text-slate-600 underline-offset-2 hover:underline" data-testid="audit-clear">
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}

/** A value in the URL that the log no longer holds is still shown as chosen. */
function withCurrent(values: string[], current: string | undefined) {
  const all = current && !values.includes(current) ? [current, ...values] : values;
  return all.map((v) => ({ value: v, label: v }));
}

function Select(props: {
  label: string;
  name: keyof Filters;
  value: string | undefined;
  options: { value: string; label: string; title?: string }[];
  any: string;
  onChange: (e: { currentTarget: HTMLSelectElement }) => void;
}) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {props.label}
      <select name={props.name} defaultValue={props.value ?? ""} onChange={props.onChange} className={inputClass} data-testid={`audit-filter-${props.name}`}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
