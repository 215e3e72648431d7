import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { errors, type Interaction } from "oidc-provider";
import { DEV_ACCOUNTS, verifyCredentials } from "./accounts";
import { INVALID_CREDENTIALS, loginPage, messagePage, pageHeaders } from "./pages";

type InteractionOptions = { provider: Provider; password: string; formActionOrigins: string[] };

const MAX_FORM_BYTES = 16 * 1024;
const SEEDED_EMAILS = DEV_ACCOUNTS.map((a) => a.email);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Our interaction routes, served before oidc-provider sees the request:
 * `GET /interaction/:uid` (login form, or silent consent) and `POST /interaction/:uid/login`.
 *
 * CSRF: the POST only acts on the interaction named by oidc-provider's `_interaction` cookie,
 * which is signed, HttpOnly, SameSite=Lax and scoped to `/interaction/<uid>`; a cross-site form
 * post arrives without it and fails as an unknown interaction. Together with the unguessable uid
 * in the path (checked against the cookie's interaction) that binds the form to this browser's
 * own authorization request, so no separate token is needed.
 */
export function createInteractionHandler(opts: InteractionOptions) {
  const send = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, pageHeaders(opts.formActionOrigins));
    res.end(html);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(pathname);
    if (!match) throw new HttpError(404, "There is nothing here.");
    const uid = match[1] as string;
    const isLogin = match[2] !== undefined;
    // After a failed sign-in the address bar shows .../login; reloading it should show the form.
    if (isLogin && req.method === "GET") {
      res.writeHead(303, { location: `/interaction/${uid}`, "cache-control": "no-store" }).end();
      return;
    }
    // GET only, not HEAD: a GET on a consent step finishes it, which a HEAD must never do.
    if (req.method !== (isLogin ? "POST" : "GET")) {
      throw new HttpError(405, "This page does not accept that method.");
    }

    const details = await opts.provider.interactionDetails(req, res);
    // The cookie names the interaction; the path must name the same one.
    if (details.uid !== uid) throw new errors.SessionNotFound("interaction uid mismatch");

    if (isLogin) {
      if (details.prompt.name !== "login") throw new HttpError(400, "This sign-in step is already complete.");
      const form = await readForm(req);
      const email = form.get("email") ?? "";
      const account = verifyCredentials(email, form.get("password") ?? "", opts.password);
      if (!account) {
        // One message for an unknown email and a wrong password alike.
        return send(res, 401, loginPage({ uid, email, error: INVALID_CREDENTIALS, seededEmails: SEEDED_EMAILS }));
      }
      return opts.provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    }

    if (details.prompt.name === "login") return send(res, 200, loginPage({ uid, seededEmails: SEEDED_EMAILS }));
    if (details.prompt.name === "consent") return grantConsent(req, res, details);
    throw new HttpError(400, `Unsupported sign-in step "${details.prompt.name}".`);
  }

  /**
   * The console is our own first-party client: consent is implied, so grant exactly what was
   * asked (the missing scopes and claims oidc-provider reports) and carry on without a page.
   */
  async function grantConsent(req: IncomingMessage, res: ServerResponse, details: Interaction) {
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (!accountId || typeof clientId !== "string") throw new HttpError(400, "No signed-in user for this request.");
    const grant = details.grantId ? await opts.provider.Grant.find(details.grantId) : new opts.provider.Grant({ accountId, clientId });
    if (!grant) throw new errors.SessionNotFound("grant not found");
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await opts.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    try {
      await handle(req, res, pathname);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof errors.SessionNotFound) {
        send(res, 400, messagePage("Sign-in expired", "This sign-in request has expired or is not from this browser. Return to the console and sign in again."));
      } else if (err instanceof HttpError) {
        send(res, err.status, messagePage("Sign-in error", err.message));
      } else {
        console.error("mme-dev-idp: interaction failed", err);
        send(res, 500, messagePage("Sign-in error", "Something went wrong. Return to the console and sign in again."));
      }
    }
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new HttpError(415, "Send the sign-in form as a form post.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new HttpError(413, "The sign-in form is too large.");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
