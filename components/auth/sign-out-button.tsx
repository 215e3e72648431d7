"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" className="text-xs text-slate-500 underline hover:text-slate-900" onClick={() => signOut({ callbackUrl: "/signin" })} data-testid="sign-out">
      Sign out
    </button>
  );
}
