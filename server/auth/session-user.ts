import "server-only";
import { getServerSession } from "next-auth";
import type { SessionUser } from "@/lib/roles";
import { authOptions } from "@/server/auth/next-auth-options";

/** The signed-in user with a role, or undefined (no session, or a session without a role). */
export async function sessionUser(): Promise<SessionUser | undefined> {
  const session = await getServerSession(authOptions());
  const user = session?.user;
  return user?.email && user.role ? { email: user.email, name: user.name, role: user.role } : undefined;
}
