import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiClientError } from "@/lib/api-client";
import { ErrorBanner } from "@/components/ui/error-banner";

const render = (error: unknown) => renderToStaticMarkup(createElement(ErrorBanner, { error, title: "The invocation failed", action: true }));
const logs = (account: string) =>
  `See https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEventViewer:group=/aws/sagemaker/Endpoints/prod in account ${account} for more information.`;
const modelError = (account: string) => new ApiClientError(424, "ModelError", `Received client error (400) from primary with message "{"error":"bad input"}". ${logs(account)}`);

describe("ErrorBanner", () => {
  it("shows the title and one sentence, the rest in a closed details disclosure", () => {
    const html = render(modelError("123456789012"));
    expect(html).toContain("The invocation failed");
    expect(html).toContain('<p class="mt-1 break-words" data-testid="error-sentence">The model refused the request: bad input.</p>');
    expect(html).toMatch(/<details class="[^"]*" data-testid="error-details"><summary[^>]*>Details<\/summary>/);
    expect(html).toContain("ModelError (HTTP 424)");
    // A real account's logs are a link, opened apart from the console.
    expect(html).toContain('href="https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEventViewer:group=/aws/sagemaker/Endpoints/prod" target="_blank" rel="noreferrer"');
  });

  it("links no CloudWatch for the local engine's account", () => {
    const html = render(modelError("000000000000"));
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("000000000000");
    expect(html).toContain("The local engine&#x27;s own output");
  });

  it("has no details disclosure when there is nothing more to say", () => {
    expect(render(new Error("The upload was cancelled; nothing was kept."))).not.toContain("<details");
  });
});
