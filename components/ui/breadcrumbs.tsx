import Link from "next/link";

export type Crumb = { label: string; href: string };

/** The trail above a page title: each parent page as a link, then a trailing slash for this page. */
export function Breadcrumbs({ trail }: { trail: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      {trail.map((c) => (
        <span key={c.href}>
          <Link href={c.href} className="hover:underline">
            {c.label}
          </Link>{" "}
          /{" "}
        </span>
      ))}
    </nav>
  );
}
