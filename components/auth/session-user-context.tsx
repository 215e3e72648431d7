"use client";

import { createContext, useContext, type ReactNode } from "react";
import { can, type Permission, type SessionUser } from "@/lib/roles";

const Ctx = createContext<SessionUser | undefined>(undefined);

/** The signed-in user, from the server layout, so components can hide what the role may not do. */
export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <Ctx.Provider value={user}>{children}</Ctx.Provider>;
}

/** Whether the UI should offer an action; the server refuses it anyway when the answer is no. */
export function useCan(permission: Permission): boolean {
  return can(useContext(Ctx)?.role, permission);
}
