import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { Providers } from "@/components/providers";
import { consoleSettings } from "@/server/bff/console-settings";
import "./globals.css";

export const metadata: Metadata = { title: "MME Console", description: "GPU SageMaker multi-model endpoints" };
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  const { backend, region } = consoleSettings();
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppShell backend={backend} region={region}>
            {children}
          </AppShell>
        </Providers>
      </body>
    </html>
  );
}
