import { CreateEndpointLink } from "@/components/endpoints/create-endpoint-link";
import { EndpointsTable } from "@/components/endpoints/endpoints-table";

export default function EndpointsPage() {
  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Endpoints</h1>
          <p className="text-sm text-slate-600">Multi-model endpoints: many models behind one endpoint, loaded on first use.</p>
        </div>
        <CreateEndpointLink />
      </div>
      <EndpointsTable />
    </div>
  );
}
