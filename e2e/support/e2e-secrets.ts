/** A fixed next-auth secret for the e2e stack only, so that the bundle scan can look for it. */
export const E2E_NEXTAUTH_SECRET = "e2e-only-nextauth-secret-7f3a9c";
