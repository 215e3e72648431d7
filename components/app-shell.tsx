"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { can, type Permission, type SessionUser } from "@/lib/roles";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BackendProvider } from "@/components/backend-context";

const NAV: { href: string; label: string; permission: Permission }[] = [
  { href: "/endpoints", label: "Endpoints", permission: "read" },
  { href: "/playground", label: "Playground", permission: "invoke" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
];

export function AppShell({ backend, region, user, children }: { backend: string; region: string; user: SessionUser; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="px-5 py-4">
          <Link href="/endpoints" className="text-lg font-semibold tracking-tight">
            MME Console
          </Link>
          <p className="mt-1 text-xs text-slate-500" data-testid="backend-badge">
            {backend === "local" ? "Local engine" : "AWS"} · {region}
          </p>
        </div>
        <nav className="flex flex-col gap-0.5 px-2">
          {NAV.filter((item) => can(user.role, item.permission)).map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <Link
                key={item.href}
                href={item.href}
                className={`rounded-md px-3 py-2 text-sm ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="mt-auto border-t border-slate-100 px-5 py-4 text-sm" data-testid="session-user">
          <p className="truncate font-medium" title={user.email}>
            {user.name ?? user.email}
          </p>
          <p className="truncate text-xs text-slate-500">{user.email}</p>
          <p className="mt-1 flex items-center justify-between">
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700" data-testid="session-role">
              {user.role}
            </span>
            <SignOutButton />
          </p>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">
        <BackendProvider backend={backend === "aws" ? "aws" : "local"}>{children}</BackendProvider>
      </main>
    </div>
  );
}
