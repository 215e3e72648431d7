"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { BackendKind } from "@/components/polling";

const BackendContext = createContext<BackendKind>("local");

/** Which backend the console talks to, for the pages' polling: set once by the app shell from the server's settings. */
export function BackendProvider({ backend, children }: { backend: BackendKind; children: ReactNode }) {
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>;
}

export function useBackend(): BackendKind {
  return useContext(BackendContext);
}
