/** Remembers a collapsed sidebar, so the server renders the rail on the next page (no flash of the wide one). */
export const SIDEBAR_COOKIE = "mme.sidebar";

export function isSidebarCollapsed(cookieValue: string | undefined): boolean {
  return cookieValue === "collapsed";
}
