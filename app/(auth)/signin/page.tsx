import { redirect } from "next/navigation";
import { SignInButton } from "@/components/auth/sign-in-button";
import { sessionUser } from "@/server/auth/session-user";
import { authProviderName } from "@/server/auth/auth-settings";

export const dynamic = "force-dynamic";

/** next-auth's error codes, said so a user knows what to do. */
const ERRORS: Record<string, string> = {
  OAuthSignin: "Could not reach the identity provider. Try again, or ask an administrator to check the SSO settings.",
  OAuthCallback: "The identity provider's answer could not be verified. Try again.",
  AccessDenied: "Your account has no access to MME Console.",
  SessionRequired: "Sign in to continue.",
  Callback: "Sign-in did not complete. Try again.",
};

/** Only same-site paths: a crafted link must not send the user elsewhere after sign-in. */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/endpoints";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if (await sessionUser()) redirect(safeCallback(callbackUrl));
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">MME Console</h1>
        <p className="mt-1 text-sm text-slate-600">Sign in with your company account.</p>
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="signin-error">
          {ERRORS[error] ?? "Sign-in failed. Try again."}
        </p>
      )}
      <SignInButton providerName={authProviderName()} callbackUrl={safeCallback(callbackUrl)} />
    </div>
  );
}
