import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { isSidebarCollapsed, SIDEBAR_COOKIE } from "@/lib/sidebar-cookie";
import { AppShell } from "@/components/app-shell";
import { SessionUserProvider } from "@/components/auth/session-user-context";
import { sessionUser } from "@/server/auth/session-user";
import { consoleSettings } from "@/server/bff/console-settings";

export const dynamic = "force-dynamic";

// Every console page needs a signed-in user with a role; the proxy already redirected those without a session.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await sessionUser();
  if (!user) redirect("/signin");
  const { backend, region } = consoleSettings();
  const collapsed = isSidebarCollapsed((await cookies()).get(SIDEBAR_COOKIE)?.value);
  return (
    <SessionUserProvider user={user}>
      <AppShell backend={backend} region={region} user={user} initialCollapsed={collapsed}>
        {children}
      </AppShell>
    </SessionUserProvider>
  );
}
