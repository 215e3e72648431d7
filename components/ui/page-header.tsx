import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "@/components/ui/breadcrumbs";

/** A page's trail, title and one-line description, with its controls (range picker, refresh) on the right. */
export function PageHeader({ trail, title, titleTestId, description, actions }: { trail: Crumb[]; title: ReactNode; titleTestId?: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <Breadcrumbs trail={trail} />
        <h1 className="text-2xl font-semibold tracking-tight" data-testid={titleTestId}>
          {title}
        </h1>
        {description && <p className="text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
