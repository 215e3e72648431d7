import { expect, type Page } from "@playwright/test";

/** Page object for the endpoints list, create form and detail page. */
export class EndpointsPage {
  constructor(readonly page: Page) {}

  async openCreateForm() {
    await this.page.goto("/endpoints");
    await this.page.getByTestId("create-endpoint-link").click();
    await expect(this.page.getByTestId("create-endpoint-form")).toBeVisible();
  }

  async fillCreateForm(f: { name: string; instanceType?: string; instanceCount?: number }) {
    await this.page.getByLabel("Endpoint name").fill(f.name);
    if (f.instanceType) await this.page.getByLabel("Instance type").selectOption(f.instanceType);
    if (f.instanceCount) await this.page.getByLabel("Instance count").fill(String(f.instanceCount));
  }

  async submitCreate() {
    await this.page.getByTestId("create-endpoint-submit").click();
  }

  title() {
    return this.page.getByTestId("endpoint-title");
  }

  async expectStatus(status: string) {
    await expect(this.title().getByTestId("status-badge")).toHaveText(status);
  }

  row(name: string) {
    return this.page.getByTestId(`endpoint-row-${name}`);
  }
}
