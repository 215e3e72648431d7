import "server-only";
import type { NextAuthOptions } from "next-auth";
import { readAuthSettings } from "@/server/auth/auth-settings";
import { roleFromClaims } from "@/server/auth/role-from-claims";

/** A signed-in session lasts a working day; the IdP decides whether the next sign-in asks again. */
const SESSION_MAX_AGE_S = 8 * 60 * 60;

let cached: NextAuthOptions | undefined;

/**
 * next-auth with one generic OpenID Connect provider from the environment. The role is computed
 * once, at sign-in, from the ID token's claims and kept in the (encrypted, HttpOnly) session JWT.
 * A user with no role is refused at sign-in and sent to /no-access: no session is ever created.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const settings = readAuthSettings();
  cached = {
    providers: [
      {
        id: "oidc",
        name: settings.providerName,
        type: "oauth",
        wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        idToken: true,
        checks: ["pkce", "state"],
        authorization: { params: { scope: settings.scopes, ...(settings.prompt ? { prompt: settings.prompt } : {}) } },
        profile(profile: Record<string, unknown>) {
          const email = String(profile.email ?? profile.preferred_username ?? profile.sub);
          return { id: String(profile.sub), email, name: typeof profile.name === "string" ? profile.name : email };
        },
      },
    ],
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      signIn({ profile, user }) {
        if (roleFromClaims((profile ?? {}) as Record<string, unknown>, settings)) return true;
        return `/no-access?email=${encodeURIComponent(user.email ?? "")}`;
      },
      jwt({ token, profile }) {
        if (profile) token.role = roleFromClaims(profile as Record<string, unknown>, settings);
        return token;
      },
      session({ session, token }) {
        session.user = { email: token.email ?? "", name: token.name ?? undefined, role: token.role };
        return session;
      },
    },
    secret: process.env.NEXTAUTH_SECRET,
  };
  return cached;
}
