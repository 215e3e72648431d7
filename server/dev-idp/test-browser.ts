/**
 * Test support: a tiny "browser" for driving the dev IdP with plain fetch. It keeps cookies per
 * path (oidc-provider scopes its interaction cookies to `/interaction/<uid>` and `/auth/<uid>`)
 * and never follows redirects by itself, so tests see every hop.
 */
type Cookie = { name: string; value: string; path: string };

export class TestBrowser {
  private cookies: Cookie[] = [];

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(new URL(url).pathname);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(res.headers.getSetCookie());
    return res;
  }

  /** Submits a urlencoded form, as a browser would. */
  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows redirects until one leaves `origin` (or a non-redirect), returning that last response. */
  async follow(res: Response, origin: string): Promise<{ res: Response; location?: URL }> {
    for (let hops = 0; hops < 10; hops++) {
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location) return { res };
      const next = new URL(location, res.url);
      if (next.origin !== origin) return { res, location: next };
      await res.arrayBuffer();
      res = await this.fetch(next.href);
    }
    throw new Error("too many redirects");
  }

  private cookieHeader(pathname: string): string {
    return this.cookies
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr("path") ?? "/";
      const expires = attr("expires");
      const expired = attr("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      if (!expired) this.cookies.push({ name, value, path });
    }
  }
}
