import { ModelsTable } from "@/components/models/models-table";
import { RecentAliasChanges } from "@/components/models/recent-alias-changes";
import { PytorchUnavailableBanner } from "@/components/models/pytorch-unavailable-banner";
import { UploadPanel } from "@/components/models/upload/upload-panel";
import { can } from "@/lib/roles";
import { sessionUser } from "@/server/auth/session-user";

// The endpoint's hub (its layout) names the endpoint and has the Models tab; this is the tab's content.
export default async function ModelsPage({ params }: { params: Promise<{ name: string }> }) {
  const endpoint = decodeURIComponent((await params).name);
  const user = await sessionUser();
  return (
    <div className="flex flex-col gap-5">
      <p className="text-sm text-slate-600">Every version is an immutable object; aliases such as production point at one and move without overwriting anything.</p>
      <PytorchUnavailableBanner />
      <ModelsTable endpoint={endpoint} />
      <RecentAliasChanges endpoint={endpoint} />
      {can(user?.role, "models:write") && (
        // The target of "Upload your first model" (the empty table's, and the endpoint overview's).
        <div id="upload" className="scroll-mt-4">
          <UploadPanel endpoint={endpoint} />
        </div>
      )}
    </div>
  );
}
