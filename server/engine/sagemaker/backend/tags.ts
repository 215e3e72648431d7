import { parseResourceArn } from "./arns";
import type { BackendContext } from "./context";
import { invalidPaginationToken, validation } from "../protocol/sagemaker-errors";
import type { Tag } from "./types";

/** Tags apply to the resources this engine hosts; anything else is refused rather than silently kept. */
function requireResource(ctx: BackendContext, arn: string): void {
  const parsed = parseResourceArn(ctx, arn);
  const exists =
    parsed &&
    (parsed.type === "model"
      ? ctx.store.getModel(parsed.nameKey)
      : parsed.type === "endpoint-config"
        ? ctx.store.getEndpointConfig(parsed.nameKey)
        : ctx.store.getEndpoint(parsed.nameKey));
  if (!exists) throw validation(`Resource "${arn}" does not exist.`);
}

export function addTags(ctx: BackendContext, input: { ResourceArn: string; Tags: Tag[] }) {
  requireResource(ctx, input.ResourceArn);
  ctx.store.putTags(input.ResourceArn, input.Tags);
  return { Tags: input.Tags };
}

export function deleteTags(ctx: BackendContext, input: { ResourceArn: string; TagKeys: string[] }) {
  requireResource(ctx, input.ResourceArn);
  ctx.store.deleteTags(input.ResourceArn, input.TagKeys);
  return {};
}

const DEFAULT_MAX_TAGS = 50;

export function listTags(ctx: BackendContext, input: { ResourceArn: string; NextToken?: string; MaxResults?: number }) {
  requireResource(ctx, input.ResourceArn);
  const tags = ctx.store.listTags(input.ResourceArn);
  const start = input.NextToken === undefined ? 0 : decodeOffset(input.NextToken);
  const max = input.MaxResults ?? DEFAULT_MAX_TAGS;
  const end = start + max;
  return {
    Tags: tags.slice(start, end),
    NextToken: end < tags.length ? Buffer.from(JSON.stringify({ l: "tags", i: end })).toString("base64url") : undefined,
  };
}

function decodeOffset(token: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { l?: unknown; i?: unknown };
    if (t.l === "tags" && typeof t.i === "number" && Number.isInteger(t.i) && t.i >= 0) return t.i;
  } catch {
    // fall through
  }
  throw invalidPaginationToken();
}
