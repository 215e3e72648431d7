"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { can, type Permission, type SessionUser } from "@/lib/roles";
import { SIDEBAR_COOKIE } from "@/lib/sidebar-cookie";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BackendProvider } from "@/components/backend-context";

const ICONS = {
  endpoints: "M3 4.5h14v4H3zM3 11.5h14v4H3zM6 6.5h.01M6 13.5h.01",
  playground: "M6 4l10 6-10 6z",
  audit: "M4 5h12M4 10h12M4 15h8",
} as const;

const NAV: { href: string; label: string; icon: keyof typeof ICONS; permission: Permission }[] = [
  { href: "/endpoints", label: "Endpoints", icon: "endpoints", permission: "read" },
  { href: "/playground", label: "Playground", icon: "playground", permission: "invoke" },
  { href: "/audit", label: "Audit log", icon: "audit", permission: "audit:read" },
];

/**
 * The console's frame. From the md breakpoint the sidebar sits beside the page and collapses to a
 * rail of icons; below it (phones) it waits behind a menu button in a top bar and opens over the
 * page, so the page keeps the whole width.
 */
export function AppShell({
  backend,
  region,
  user,
  initialCollapsed,
  children,
}: {
  backend: string;
  region: string;
  user: SessionUser;
  initialCollapsed: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const [collapsed, setCollapsed] = useState(initialCollapsed);
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const backendLabel = `${backend === "local" ? "Local engine" : "AWS"} · ${region}`;

  useEffect(() => {
    if (!open) return;
    sidebar.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    document.cookie = `${SIDEBAR_COOKIE}=${next ? "collapsed" : "expanded"}; path=/; max-age=31536000; samesite=lax`;
  };
  // Labels hide only on the wide layout's rail; the phone drawer always has room for them.
  const label = collapsed ? "md:sr-only" : "";
  const railHidden = collapsed ? "md:hidden" : "";

  return (
    <div className="min-h-screen md:flex">
      <header className="sticky top-0 z-20 flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 md:hidden">
        <button
          ref={menuButton}
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-controls="app-sidebar"
          aria-label="Menu"
          className="-ml-1 rounded-md p-1.5 text-slate-700 hover:bg-slate-100"
          data-testid="nav-menu-button"
        >
          <svg aria-hidden viewBox="0 0 20 20" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
            <path d="M3 5h14M3 10h14M3 15h14" />
          </svg>
        </button>
        <Link href="/endpoints" className="font-semibold tracking-tight">
          MME Console
        </Link>
        <span className="ml-auto truncate text-xs text-slate-500">{backendLabel}</span>
      </header>
      {open && <div aria-hidden className="fixed inset-0 z-30 bg-slate-900/40 md:hidden" onClick={() => setOpen(false)} data-testid="nav-backdrop" />}
      <aside
        ref={sidebar}
        id="app-sidebar"
        aria-label="Console"
        className={`${open ? "fixed inset-y-0 left-0 z-40 flex w-64 shadow-xl" : "hidden"} shrink-0 flex-col overflow-y-auto border-r border-slate-200 bg-white md:sticky md:top-0 md:z-auto md:flex md:h-screen md:shadow-none ${
          collapsed ? "md:w-16" : "md:w-56"
        }`}
        data-testid="app-sidebar"
      >
        <div className={`py-4 ${collapsed ? "px-5 md:px-3" : "px-5"}`}>
          <Link href="/endpoints" className="text-lg font-semibold tracking-tight" title="MME Console" onClick={() => setOpen(false)}>
            <span className={label}>MME Console</span>
            {collapsed && (
              <span aria-hidden className="hidden md:inline">
                MME
              </span>
            )}
          </Link>
          <p className={`mt-1 text-xs text-slate-500 ${label}`} data-testid="backend-badge">
            {backendLabel}
          </p>
        </div>
        <nav className="flex flex-col gap-0.5 px-2">
          {NAV.filter((item) => can(user.role, item.permission)).map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <Link
                key={item.href}
                href={item.href}
                title={collapsed ? item.label : undefined}
                aria-current={active ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                <svg aria-hidden viewBox="0 0 20 20" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" className="shrink-0">
                  <path d={ICONS[item.icon]} />
                </svg>
                <span className={label}>{item.label}</span>
              </Link>
            );
          })}
        </nav>
        <div className="mt-auto border-t border-slate-100 px-5 py-4 text-sm" data-testid="session-user">
          <div className={railHidden}>
            <p className="truncate font-medium" title={user.email}>
              {user.name ?? user.email}
            </p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
          </div>
          <p className={`mt-1 flex items-center justify-between gap-2 ${collapsed ? "md:flex-col md:items-start" : ""}`}>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700" data-testid="session-role" title={user.email}>
              {user.role}
            </span>
            <span className={railHidden}>
              <SignOutButton />
            </span>
          </p>
        </div>
        <button
          type="button"
          onClick={toggleCollapsed}
          aria-expanded={!collapsed}
          aria-controls="app-sidebar"
          aria-label={collapsed ? "Expand sidebar" : "Collapse sidebar"}
          title={collapsed ? "Expand sidebar" : "Collapse sidebar"}
          className="hidden items-center gap-2 border-t border-slate-100 px-5 py-2.5 text-xs text-slate-500 hover:bg-slate-50 hover:text-slate-900 md:flex"
          data-testid="sidebar-collapse"
        >
          <svg aria-hidden viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
            <path d={collapsed ? "M8 5l5 5-5 5" : "M12 5l-5 5 5 5"} />
          </svg>
          <span className={label}>Collapse</span>
        </button>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-5 md:px-8 md:py-6">
        <BackendProvider backend={backend === "aws" ? "aws" : "local"}>{children}</BackendProvider>
      </main>
    </div>
  );
}
