import { cookies } from "next/headers";
import { connection } from "next/server";
import { isSidebarCollapsed, SIDEBAR_COOKIE } from "@/lib/sidebar-cookie";
import { AppShell } from "@/components/app-shell";
import { SessionUserProvider } from "@/components/auth/session-user-context";
import { PageNotFound } from "@/components/page-not-found";
import { sessionUser } from "@/server/auth/session-user";
import { consoleSettings } from "@/server/bff/console-settings";

/**
 * The console's 404, inside its navigation for a signed-in user. It renders per request (never at
 * build time), so Next gives its scripts the request's CSP nonce: the prerendered 404 carried none,
 * and the CSP ('strict-dynamic') blocked every script on it.
 */
export default async function NotFound() {
  await connection();
  const user = await sessionUser();
  if (!user) {
    return (
      <main className="flex min-h-screen items-center justify-center px-4">
        <PageNotFound signedIn={false} />
      </main>
    );
  }
  const { backend, region } = consoleSettings();
  const collapsed = isSidebarCollapsed((await cookies()).get(SIDEBAR_COOKIE)?.value);
  return (
    <SessionUserProvider user={user}>
      <AppShell backend={backend} region={region} user={user} initialCollapsed={collapsed}>
        <PageNotFound signedIn />
      </AppShell>
    </SessionUserProvider>
  );
}
