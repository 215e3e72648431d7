import type { Role } from "@/lib/roles";

declare module "next-auth" {
  interface Session {
    user: { email: string; name?: string; role?: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
  }
}
