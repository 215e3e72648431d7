/**
 * The dev IdP's HTML: plain strings, no template engine, everything interpolated goes through
 * `escapeHtml`. Inline CSS imitates the console's slate Tailwind look so the hop to the IdP does
 * not feel like a different product.
 */

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Headers for every page we render. No scripts at all; `form-action` must also allow the client's
 * origins because browsers check it on each redirect after a form post, and the login post ends
 * in a redirect to the console's callback.
 */
export function pageHeaders(formActionOrigins: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...formActionOrigins].join(" ");
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;color:#0f172a;font:14px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:24rem;margin:1rem;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;box-shadow:0 1px 2px rgba(15,23,42,.05)}
h1{margin:0 0 .25rem;font-size:1.125rem;font-weight:600}
p{margin:0 0 1rem;color:#475569}
.note{font-size:.75rem;color:#64748b;background:#f1f5f9;border-radius:.375rem;padding:.5rem .75rem}
label{display:block;margin:.75rem 0 .25rem;font-weight:500;color:#334155}
input{width:100%;padding:.5rem .75rem;border:1px solid #cbd5e1;border-radius:.375rem;font:inherit;color:inherit}
input:focus{outline:2px solid #94a3b8;outline-offset:1px}
button{width:100%;margin-top:1rem;padding:.5rem .75rem;border:1px solid #0f172a;border-radius:.375rem;background:#0f172a;color:#fff;font:inherit;font-weight:500;cursor:pointer}
button:hover{background:#1e293b}
button.secondary{background:#fff;color:#0f172a;border-color:#cbd5e1}
.error{margin:.75rem 0 0;padding:.5rem .75rem;border:1px solid #fecaca;border-radius:.375rem;background:#fef2f2;color:#b91c1c}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export const LOGIN_TITLE = "Sign in to MME Console (dev identity provider)";
export const INVALID_CREDENTIALS = "Invalid email or password";

export function loginPage(opts: { uid: string; email?: string; error?: string; seededEmails: readonly string[] }): string {
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : "";
  const users = opts.seededEmails.map((e) => `<code>${escapeHtml(e)}</code>`).join(", ");
  return layout(
    LOGIN_TITLE,
    `<h1>${escapeHtml(LOGIN_TITLE)}</h1>
<p class="note">This is the local development identity provider, not a real one. Seeded users: ${users};
they share the password set by <code>MME_DEV_PASSWORD</code>.</p>
<form method="post" action="/interaction/${encodeURIComponent(opts.uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(opts.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${error}
<button type="submit">Sign in</button>
</form>`,
  );
}

/** RP-initiated logout confirmation; `providerForm` is oidc-provider's hidden form (it carries its xsrf token). */
export function logoutPage(providerForm: string): string {
  return layout(
    "Sign out of MME Console (dev identity provider)",
    `<h1>Sign out of MME Console?</h1>
<p>This ends your session at the local development identity provider.</p>
${providerForm}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>`,
  );
}

export function messagePage(title: string, message: string, detail?: string): string {
  const extra = detail ? `<p class="note"><code>${escapeHtml(detail)}</code></p>` : "";
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}`);
}
