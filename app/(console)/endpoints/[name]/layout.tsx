import type { ReactNode } from "react";
import { EndpointHub } from "@/components/endpoints/endpoint-hub";

/** Every page of an endpoint sits in its hub: name, status, actions and the tabs. */
export default async function EndpointLayout({ params, children }: { params: Promise<{ name: string }>; children: ReactNode }) {
  const { name } = await params;
  return <EndpointHub name={decodeURIComponent(name)}>{children}</EndpointHub>;
}
