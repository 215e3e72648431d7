import { expect } from "vitest";

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };

/**
 * Awaits a rejected SDK call and checks the exception the SDK raised: its name (AWS's error
 * code), its message (exact string, or a pattern) and the HTTP status.
 */
export async function expectAwsError(promise: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<SdkError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as SdkError,
  );
  expect(err, `expected ${name} but the call succeeded`).toBeDefined();
  expect(err!.name).toBe(name);
  if (typeof message === "string") expect(err!.message).toBe(message);
  else expect(err!.message).toMatch(message);
  expect(err!.$metadata?.httpStatusCode).toBe(status);
  return err!;
}

/** The fields of the SDK's ModelError the tests read (the engine's code may not import SDK clients). */
type ModelErrorFields = Error & { OriginalStatusCode?: number; OriginalMessage?: string };

/** A ModelError (424) with the container's status and a message matching `message`. */
export async function expectModelError(promise: Promise<unknown>, status: number, message: RegExp): Promise<ModelErrorFields> {
  const err = (await expectAwsError(promise, "ModelError", /^Received (client|server) error/, 424)) as ModelErrorFields;
  expect(err.OriginalStatusCode).toBe(status);
  expect((JSON.parse(err.OriginalMessage!) as { error: string }).error).toMatch(message);
  return err;
}
