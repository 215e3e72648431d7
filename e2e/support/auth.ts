import { expect, type APIResponse, type Page } from "@playwright/test";

export const DEV_PASSWORD = process.env.MME_DEV_PASSWORD ?? "mme-dev-password";
export const USERS = { admin: "admin@example.com", viewer: "viewer@example.com", outsider: "outsider@example.com" } as const;
export type Who = keyof typeof USERS;

/** Fills the dev IdP's real login form: the way a user signs in, not a shortcut. */
export async function fillIdpLogin(page: Page, email: string, password = DEV_PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the console's sign-in page and the dev IdP, and lands on `path`. */
export async function signInAs(page: Page, who: Exclude<Who, "outsider">, path = "/endpoints") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByTestId("sign-in").click();
  await fillIdpLogin(page, USERS[who]);
  await expect(page.getByTestId("session-role")).toHaveText(who);
}

/**
 * The console's API with the page's session, as the page's own scripts call it: the CSRF token
 * echoed from its cookie and the console's Origin on mutations.
 */
export function consoleApi(page: Page) {
  const csrfHeaders = async (): Promise<Record<string, string>> => {
    const cookie = (await page.context().cookies()).find((c) => c.name === "mme.csrf");
    const origin = new URL(page.url()).origin;
    return cookie ? { "x-mme-csrf": cookie.value, origin } : { origin };
  };
  const mutate = async (method: "post" | "put" | "patch" | "delete", url: string, data?: unknown): Promise<APIResponse> =>
    page.request[method](url, { data: data ?? {}, headers: await csrfHeaders() });
  return {
    get: (url: string) => page.request.get(url),
    post: (url: string, data?: unknown) => mutate("post", url, data),
    put: (url: string, data?: unknown) => mutate("put", url, data),
    patch: (url: string, data?: unknown) => mutate("patch", url, data),
    delete: (url: string, data?: unknown) => mutate("delete", url, data),
    csrfHeaders,
  };
}

export const TRITON_IMAGE = "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3";

export function endpointInput(name: string, over: Record<string, unknown> = {}) {
  return {
    name,
    instanceType: "ml.g5.xlarge",
    instanceCount: 1,
    modelDataUrl: "s3://mme-models/",
    executionRoleArn: "arn:aws:iam::000000000000:role/SageMakerExecutionRole",
    image: TRITON_IMAGE,
    ...over,
  };
}
