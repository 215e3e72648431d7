import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/next-auth-options";

export const dynamic = "force-dynamic";

// GET|POST /api/auth/* - next-auth's OIDC sign-in, callback, session and sign-out (public by nature)
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(authOptions())(req, ctx);
export { handler as GET, handler as POST };
