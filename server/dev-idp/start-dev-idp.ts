import { generateKeyPair, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import Provider, { type JWK } from "oidc-provider";
import { DEV_IDP_DEFAULTS } from "./config";
import { createInteractionHandler } from "./interactions";
import { providerConfiguration } from "./provider-config";

export type StartDevIdpOptions = {
  /** 0 (the default here) picks a free port. */
  port?: number;
  /** A 127.x.x.x address; the IdP is never reachable from outside the machine. */
  host?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  password?: string;
  clientId?: string;
  clientSecret?: string;
};

export type RunningDevIdp = { issuer: string; port: number; close(): Promise<void> };

/**
 * Starts the dev OpenID Connect provider on loopback: oidc-provider for the protocol, our
 * handlers for `/interaction/*`. All state (sessions, codes, grants, keys) is in memory, so a
 * restart signs everyone out of the IdP, which is fine for a development identity provider.
 */
export async function startDevIdp(opts: StartDevIdpOptions): Promise<RunningDevIdp> {
  const host = opts.host ?? DEV_IDP_DEFAULTS.host;
  if (!/^127(\.\d{1,3}){3}$/.test(host)) throw new Error(`the dev IdP binds loopback only; host must be 127.x.x.x, not "${host}"`);
  const redirectUris = checkUris("redirectUris", opts.redirectUris);
  const postLogoutRedirectUris = checkUris("postLogoutRedirectUris", opts.postLogoutRedirectUris ?? []);

  let listener: RequestListener | undefined;
  const server = createServer((req, res) => {
    if (listener) return listener(req, res);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host}:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive sockets would hold close() open until they time out.
      server.closeAllConnections();
    });

  try {
    listener = await createListener({ ...opts, issuer, host: `${host}:${port}`, redirectUris, postLogoutRedirectUris });
  } catch (err) {
    await close();
    throw err;
  }
  return { issuer, port, close };
}

type ListenerOptions = StartDevIdpOptions & { issuer: string; host: string; redirectUris: string[]; postLogoutRedirectUris: string[] };

async function createListener(opts: ListenerOptions): Promise<RequestListener> {
  const formActionOrigins = [...new Set([...opts.redirectUris, ...opts.postLogoutRedirectUris].map((u) => new URL(u).origin))];
  const provider = new Provider(
    opts.issuer,
    providerConfiguration({
      clientId: opts.clientId ?? DEV_IDP_DEFAULTS.clientId,
      clientSecret: opts.clientSecret ?? DEV_IDP_DEFAULTS.clientSecret,
      redirectUris: opts.redirectUris,
      postLogoutRedirectUris: opts.postLogoutRedirectUris,
      signingKey: await createSigningKey(),
      // Fresh per start: the sessions they sign are in memory and die with the process anyway.
      cookieKeys: [randomBytes(32).toString("base64url")],
      formActionOrigins,
    }),
  );
  // No proxy sits in front: trusting X-Forwarded-* would let any request rewrite endpoint URLs.
  provider.proxy = false;
  const providerCallback = provider.callback();
  const interactions = createInteractionHandler({ provider, password: opts.password ?? DEV_IDP_DEFAULTS.password, formActionOrigins });

  return (req: IncomingMessage, res: ServerResponse) => {
    // oidc-provider builds endpoint URLs from the Host header. Accepting only the issuer's host
    // keeps discovery on the issuer's origin and shuts out DNS-rebinding pages.
    if (req.headers.host !== opts.host) {
      const [hostname, port] = (req.headers.host ?? "").split(":");
      if (hostname === "localhost" && port === opts.host.split(":")[1] && req.method === "GET") {
        res.writeHead(308, { location: `${opts.issuer}${req.url ?? "/"}` }).end();
      } else {
        res.writeHead(421, { "content-type": "text/plain; charset=utf-8" }).end(`Use ${opts.issuer}\n`);
      }
      return;
    }
    const pathname = new URL(req.url ?? "/", opts.issuer).pathname;
    if (pathname.startsWith("/interaction/")) return void interactions(req, res, pathname);
    return providerCallback(req, res);
  };
}

/** An RS256 signing key, new at every start (fine for dev: ID tokens are verified via the JWKS). */
async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" } as JWK;
}

function checkUris(name: string, uris: string[]): string[] {
  if (name === "redirectUris" && uris.length === 0) throw new Error("the dev IdP needs at least one redirect URI");
  for (const uri of uris) {
    const url = URL.canParse(uri) ? new URL(uri) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new Error(`${name}: "${uri}" is not an http(s) URL`);
  }
  return uris;
}
