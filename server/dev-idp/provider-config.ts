import type { Configuration, JWK } from "oidc-provider";
import { accountClaims, findAccountBySub } from "./accounts";
import { logoutPage, messagePage, pageHeaders } from "./pages";

export type ProviderConfigOptions = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  signingKey: JWK;
  cookieKeys: string[];
  /** Origins our pages may post forms towards (see pageHeaders). */
  formActionOrigins: string[];
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * oidc-provider's configuration for the dev IdP: one confidential first-party client, the
 * authorization code flow with PKCE, our own interaction pages, and the profile claims released
 * in the ID token as well as at userinfo.
 */
export function providerConfiguration(opts: ProviderConfigOptions): Configuration {
  return {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        client_name: "MME Console",
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // next-auth v4 (openid-client) authenticates with HTTP Basic by default.
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    // Every client must use PKCE (next-auth sends S256 with checks: ["pkce", "state"]); a stolen
    // code is then useless without the verifier, as OAuth 2.1 recommends.
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const account = findAccountBySub(sub);
      if (!account) return undefined;
      return { accountId: account.sub, claims: () => accountClaims(account) };
    },
    // Only the code flow: nothing the console does needs tokens in the front channel.
    responseTypes: ["code"],
    // The one client authenticates with HTTP Basic; advertise nothing it would be refused.
    clientAuthMethods: ["client_secret_basic"],
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // The console reads email, name and groups from the ID token: release the claims of the
    // granted scopes there too, not only at userinfo (Core 5.4's strict reading).
    conformIdTokenClaims: false,
    jwks: { keys: [opts.signingKey] },
    cookies: {
      keys: opts.cookieKeys,
      // Plain http on loopback: oidc-provider only marks cookies Secure when the request is https.
    },
    features: {
      // Our own login page replaces these throwaway screens (interactions.ts).
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.set(pageHeaders(opts.formActionOrigins));
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource(ctx) {
          ctx.set(pageHeaders(opts.formActionOrigins));
          ctx.body = messagePage("Signed out", "You are signed out of the MME Console dev identity provider.");
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async renderError(ctx, out) {
      ctx.set(pageHeaders(opts.formActionOrigins));
      ctx.body = messagePage("Sign-in error", out.error_description ?? "The request could not be completed.", out.error);
    },
    // The console calls the token and userinfo endpoints server-side; no browser needs CORS.
    clientBasedCORS: () => false,
    // Explicit lifetimes (the defaults print notices). A session lasts a working day.
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: MINUTE,
      IdToken: HOUR,
      Interaction: 15 * MINUTE,
      Session: 12 * HOUR,
      Grant: 12 * HOUR,
    },
  };
}
