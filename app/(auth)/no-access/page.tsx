import Link from "next/link";
import { roleGroupsHint } from "@/server/auth/auth-settings";

export const dynamic = "force-dynamic";

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  const hint = roleGroupsHint();
  return (
    <div className="flex flex-col gap-4" data-testid="no-access">
      <h1 className="text-xl font-semibold tracking-tight">No access</h1>
      <p className="text-sm text-slate-700">
        {email ? (
          <>
            The account <span className="font-medium">{email}</span> signed in, but it has no role in MME Console.
          </>
        ) : (
          "Your account signed in, but it has no role in MME Console."
        )}
      </p>
      <p className="text-sm text-slate-600">
        Ask an administrator to add you to an admin group ({hint.admin.join(", ")}) or a viewer group ({hint.viewer.join(", ")}) in your identity provider.
      </p>
      <Link href="/signin" className="text-sm font-medium underline">
        Sign in with another account
      </Link>
    </div>
  );
}
