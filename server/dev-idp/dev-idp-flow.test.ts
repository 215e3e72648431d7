import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIdp, type RunningDevIdp } from "./start-dev-idp";
import { TestBrowser } from "./test-browser";

// The full authorization code + PKCE flow against a real dev IdP on a free port, as next-auth's
// generic OIDC provider drives it, with fetch standing in for the browser and the console.
const CLIENT_ID = "test-console";
const CLIENT_SECRET = "test-console-secret";
const PASSWORD = "test-password";
const REDIRECT_URI = "http://127.0.0.1:3999/api/auth/callback/oidc";
const POST_LOGOUT_URI = "http://127.0.0.1:3999/signin";

let idp: RunningDevIdp;
let discovery: Record<string, string>;

beforeAll(async () => {
  idp = await startDevIdp({
    port: 0,
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [POST_LOGOUT_URI],
    password: PASSWORD,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
});
afterAll(() => idp?.close());

const b64url = (buf: Buffer) => buf.toString("base64url");

function authorizeUrl(over: Record<string, string | undefined> = {}) {
  const verifier = b64url(randomBytes(32));
  const params: Record<string, string | undefined> = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile groups",
    state: b64url(randomBytes(12)),
    nonce: b64url(randomBytes(12)),
    code_challenge: b64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    ...over,
  };
  const url = new URL(discovery.authorization_endpoint as string);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { url: url.href, verifier, state: params.state as string, nonce: params.nonce as string };
}

/** Starts an authorization request and returns the login page's interaction URL. */
async function openLogin(browser: TestBrowser, url: string) {
  const res = await browser.fetch(url);
  expect(res.status).toBe(303);
  const login = new URL(res.headers.get("location") as string, idp.issuer);
  expect(login.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  return login.href;
}

/** Signs in and returns the redirect back to the client (the code), consent being implicit. */
async function signIn(email: string, password = PASSWORD) {
  const browser = new TestBrowser();
  const auth = authorizeUrl();
  const login = await openLogin(browser, auth.url);
  const posted = await browser.post(`${login}/login`, { email, password });
  const { location } = await browser.follow(posted, idp.issuer);
  return { browser, auth, location };
}

async function exchange(code: string, verifier: string, secret = CLIENT_SECRET) {
  return fetch(discovery.token_endpoint as string, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
}

/** Signs in, exchanges the code, verifies the ID token against the JWKS and fetches userinfo. */
async function tokensFor(email: string) {
  const { auth, location, browser } = await signIn(email);
  const code = location?.searchParams.get("code");
  expect(code).toBeTruthy();
  const tokenRes = await exchange(code as string, auth.verifier);
  expect(tokenRes.status).toBe(200);
  const tokens = (await tokenRes.json()) as { id_token: string; access_token: string; token_type: string };
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri as string));
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: idp.issuer, audience: CLIENT_ID });
  expect(protectedHeader.alg).toBe("RS256");
  expect(payload.nonce).toBe(auth.nonce);
  const userinfoRes = await fetch(discovery.userinfo_endpoint as string, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(userinfoRes.status).toBe(200);
  return { idToken: payload as JWTPayload & Record<string, unknown>, userinfo: (await userinfoRes.json()) as Record<string, unknown>, tokens, browser };
}

describe("dev IdP discovery", () => {
  it("serves every endpoint on the issuer's origin, code flow with S256 PKCE only", () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.issuer).toBe(idp.issuer);
    for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint"]) {
      expect(new URL(discovery[key] as string).origin).toBe(idp.issuer);
    }
    expect(discovery.scopes_supported).toEqual(["openid", "email", "profile", "groups"]);
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name", "groups"]));
    expect(discovery.response_types_supported).toEqual(["code"]);
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("answers only to its own Host header (no DNS rebinding, no foreign endpoint URLs)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${idp.issuer}/.well-known/openid-configuration`, { headers: { host: `evil.example:${idp.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject).end();
    });
    expect(status).toBe(421);
  });
});

describe("dev IdP sign-in", () => {
  it("redirects to its own login form with labelled fields and a Sign in button", async () => {
    const browser = new TestBrowser();
    const login = await openLogin(browser, authorizeUrl().url);
    const res = await browser.fetch(login);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("<title>Sign in to MME Console (dev identity provider)</title>");
    expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"/);
    expect(html).toMatch(/<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain("local development identity provider");
  });

  it("refuses a wrong password or an unknown email with one message, then accepts the right one", async () => {
    const browser = new TestBrowser();
    const login = await openLogin(browser, authorizeUrl().url);
    for (const [email, password] of [
      ["admin@example.com", "wrong"],
      ["nobody@example.com", PASSWORD],
    ]) {
      const res = await browser.post(`${login}/login`, { email: email as string, password: password as string });
      expect(res.status).toBe(401);
      expect(res.headers.get("location")).toBeNull();
      const html = await res.text();
      expect(html).toContain("Invalid email or password");
      expect(html).not.toMatch(/unknown|not found|wrong password/i);
    }
    const { location } = await browser.follow(await browser.post(`${login}/login`, { email: "admin@example.com", password: PASSWORD }), idp.issuer);
    expect(location?.searchParams.get("code")).toBeTruthy();
  });

  it("sends a reload of the login post's address back to the form", async () => {
    const browser = new TestBrowser();
    const login = await openLogin(browser, authorizeUrl().url);
    const res = await browser.fetch(`${login}/login`);
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location") as string, idp.issuer).href).toBe(login);
  });

  it("escapes what it echoes back", async () => {
    const browser = new TestBrowser();
    const login = await openLogin(browser, authorizeUrl().url);
    const html = await (await browser.post(`${login}/login`, { email: '"><script>alert(1)</script>', password: "x" })).text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
  });

  it("refuses a login post without the interaction cookie (cross-site form)", async () => {
    const login = await openLogin(new TestBrowser(), authorizeUrl().url);
    const res = await new TestBrowser().post(`${login}/login`, { email: "admin@example.com", password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("Sign-in expired");
  });

  it("redirects the admin back with a code, the state and the issuer, never showing a consent page", async () => {
    const { auth, location } = await signIn("Admin@Example.com");
    expect(location?.origin + (location?.pathname ?? "")).toBe(REDIRECT_URI);
    expect(location?.searchParams.get("state")).toBe(auth.state);
    expect(location?.searchParams.get("iss")).toBe(idp.issuer);
  });
});

describe("dev IdP tokens", () => {
  it("puts email, name and groups in the admin's signed ID token and serves them at userinfo", async () => {
    const { idToken, userinfo, tokens } = await tokensFor("admin@example.com");
    expect(tokens.token_type).toBe("Bearer");
    expect(idToken).toMatchObject({ sub: "dev-admin", email: "admin@example.com", email_verified: true, name: "Ada Admin", groups: ["mme-admins"] });
    expect(userinfo).toEqual({ sub: "dev-admin", email: "admin@example.com", email_verified: true, name: "Ada Admin", groups: ["mme-admins"] });
  });

  it("gives the viewer mme-viewers and the outsider no groups", async () => {
    const viewer = await tokensFor("viewer@example.com");
    expect(viewer.idToken).toMatchObject({ sub: "dev-viewer", name: "Victor Viewer", groups: ["mme-viewers"] });
    expect(viewer.userinfo.groups).toEqual(["mme-viewers"]);
    const outsider = await tokensFor("outsider@example.com");
    expect(outsider.idToken).toMatchObject({ sub: "dev-outsider", name: "Olive Outsider", groups: [] });
  });

  it("refuses the code without the PKCE verifier, with a wrong secret, or twice", async () => {
    const { location } = await signIn("admin@example.com");
    const code = location?.searchParams.get("code") as string;
    expect((await exchange(code, b64url(randomBytes(32)))).status).toBe(400);
    const { auth: auth2, location: location2 } = await signIn("admin@example.com");
    const code2 = location2?.searchParams.get("code") as string;
    expect((await exchange(code2, auth2.verifier, "not-the-secret")).status).toBe(401);
    const { auth: auth3, location: location3 } = await signIn("admin@example.com");
    const code3 = location3?.searchParams.get("code") as string;
    expect((await exchange(code3, auth3.verifier)).status).toBe(200);
    expect((await exchange(code3, auth3.verifier)).status).toBe(400);
  });
});

describe("dev IdP request checks", () => {
  it("refuses an unknown redirect_uri without redirecting to it", async () => {
    const res = await new TestBrowser().fetch(authorizeUrl({ redirect_uri: "http://evil.example/cb" }).url);
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("redirect_uri");
  });

  it("requires PKCE", async () => {
    const res = await new TestBrowser().fetch(authorizeUrl({ code_challenge: undefined, code_challenge_method: undefined }).url);
    const location = new URL(res.headers.get("location") as string);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("code")).toBeNull();
  });
});

describe("dev IdP logout", () => {
  it("ends the IdP session via end_session and returns to a registered post-logout URI", async () => {
    const { tokens, browser } = await tokensFor("admin@example.com");
    const end = new URL(discovery.end_session_endpoint as string);
    end.searchParams.set("id_token_hint", tokens.id_token);
    end.searchParams.set("post_logout_redirect_uri", POST_LOGOUT_URI);
    const page = await browser.fetch(end.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(">Sign out</button>");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const action = /action="([^"]+)"/.exec(html)?.[1] as string;
    const done = await browser.post(action, { xsrf, logout: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(POST_LOGOUT_URI);
    // Signed out: the next authorization asks for credentials again.
    const again = await browser.fetch(await openLogin(browser, authorizeUrl().url));
    expect(await again.text()).toContain('<button type="submit">Sign in</button>');
  });

  it("refuses an unregistered post_logout_redirect_uri", async () => {
    const end = new URL(discovery.end_session_endpoint as string);
    end.searchParams.set("client_id", CLIENT_ID);
    end.searchParams.set("post_logout_redirect_uri", "http://evil.example/");
    const res = await fetch(end.href, { redirect: "manual" });
    expect(res.status).toBe(400);
  });
});
