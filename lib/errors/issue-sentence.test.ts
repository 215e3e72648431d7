import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldIssue, fieldProblem } from "@/lib/errors/issue-sentence";

describe("fieldProblem", () => {
  it("words zod's message for the line under a field, and keeps a schema's own", () => {
    expect(fieldProblem("Invalid input: expected int, received number")).toBe("Must be a whole number.");
    expect(fieldProblem("Too big: expected number to be <=100")).toBe("Must be at most 100.");
    expect(fieldProblem("Too small: expected array to have >=1 items")).toBe("Must have at least 1 item.");
    expect(fieldProblem("Invalid option: expected one of \"a\"|\"b\"")).toBe('Must be one of "a", "b".');
    expect(fieldProblem("At least 1 instance")).toBe("At least 1 instance.");
  });
});

describe("fieldIssue", () => {
  it("is the first problem of that field, in words, and undefined for a field without one", () => {
    const form = z.object({ min: z.number().int().min(1), name: z.string().min(1, "Name it") });
    const parsed = form.safeParse({ min: 1.5, name: "" });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues;
    expect(fieldIssue(issues, "min")).toBe("Must be a whole number.");
    expect(fieldIssue(issues, "name")).toBe("Name it.");
    expect(fieldIssue(form.safeParse({ min: 2, name: "" }).error!.issues, "min")).toBeUndefined();
  });
});
