import type { ReactNode } from "react";

/**
 * A metrics page's title, one-line description and controls. The endpoint's hub above it
 * (app/(console)/endpoints/[name]/layout.tsx) already shows the trail and the endpoint's name.
 */
export function SectionHeader({ title, titleTestId, description, actions }: { title: ReactNode; titleTestId?: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight" data-testid={titleTestId}>
          {title}
        </h1>
        {description && <p className="text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
