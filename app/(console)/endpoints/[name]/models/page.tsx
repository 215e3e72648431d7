import { ModelsTable } from "@/components/models/models-table";
import { PytorchUnavailableBanner } from "@/components/models/pytorch-unavailable-banner";
import { UploadPanel } from "@/components/models/upload/upload-panel";
import { can } from "@/lib/roles";
import { sessionUser } from "@/server/auth/session-user";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export default async function ModelsPage({ params }: { params: Promise<{ name: string }> }) {
  const endpoint = decodeURIComponent((await params).name);
  const user = await sessionUser();
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Breadcrumbs trail={[{ label: "Endpoints", href: "/endpoints" }, { label: endpoint, href: `/endpoints/${encodeURIComponent(endpoint)}` }]} />
        <h1 className="text-2xl font-semibold tracking-tight">Models</h1>
        <p className="text-sm text-slate-600">Every version is an immutable object; aliases such as production point at one and move without overwriting anything.</p>
      </div>
      <PytorchUnavailableBanner />
      <ModelsTable endpoint={endpoint} />
      {can(user?.role, "models:write") && <UploadPanel endpoint={endpoint} />}
    </div>
  );
}
