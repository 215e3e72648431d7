import { invalidPaginationToken } from "../protocol/sagemaker-errors";

/** The List* request members every SageMaker hosting list shares. */
export type ListRequest = {
  SortBy?: string;
  SortOrder?: "Ascending" | "Descending";
  NextToken?: string;
  MaxResults?: number;
  NameContains?: string;
  CreationTimeBefore?: Date;
  CreationTimeAfter?: Date;
  LastModifiedTimeBefore?: Date;
  LastModifiedTimeAfter?: Date;
  StatusEquals?: string;
};

export type Listable = { name: string; creationTime: number; lastModifiedTime?: number; status?: string };

const DEFAULT_MAX_RESULTS = 10;

/**
 * Filters, sorts and pages a resource list as SageMaker does: CreationTime Descending by
 * default, time filters exclusive. The NextToken is an opaque cursor naming the last item
 * returned, so pages stay consistent while resources are created and deleted between calls.
 */
export function listPage<T extends Listable>(
  list: string,
  items: readonly T[],
  req: ListRequest,
): { page: T[]; nextToken?: string } {
  const sortBy = req.SortBy ?? "CreationTime";
  const order = req.SortOrder ?? "Descending";
  const needle = req.NameContains?.toLowerCase();
  const t = (d: Date | undefined) => d?.getTime();
  const [cBefore, cAfter, mBefore, mAfter] = [
    t(req.CreationTimeBefore),
    t(req.CreationTimeAfter),
    t(req.LastModifiedTimeBefore),
    t(req.LastModifiedTimeAfter),
  ];

  const filtered = items.filter(
    (it) =>
      (needle === undefined || it.name.toLowerCase().includes(needle)) &&
      (cBefore === undefined || it.creationTime < cBefore) &&
      (cAfter === undefined || it.creationTime > cAfter) &&
      (mBefore === undefined || (it.lastModifiedTime ?? it.creationTime) < mBefore) &&
      (mAfter === undefined || (it.lastModifiedTime ?? it.creationTime) > mAfter) &&
      (req.StatusEquals === undefined || it.status === req.StatusEquals),
  );

  const keyOf = (it: Listable): Cursor => ({ k: sortValue(it, sortBy), n: it.name.toLowerCase() });
  const direction = order === "Ascending" ? 1 : -1;
  const compare = (a: Cursor, b: Cursor) => direction * (compareValues(a.k, b.k) || compareValues(a.n, b.n));
  const sorted = [...filtered].sort((a, b) => compare(keyOf(a), keyOf(b)));

  let start = 0;
  if (req.NextToken !== undefined) {
    const cursor = decodeToken(req.NextToken, list, sortBy, order);
    start = sorted.findIndex((it) => compare(keyOf(it), cursor) > 0);
    if (start === -1) start = sorted.length;
  }
  const max = req.MaxResults ?? DEFAULT_MAX_RESULTS;
  const page = sorted.slice(start, start + max);
  const last = page[page.length - 1];
  const more = start + max < sorted.length;
  return { page, nextToken: more && last ? encodeToken({ ...keyOf(last), l: list, s: sortBy, o: order }) : undefined };
}

type Cursor = { k: string | number; n: string };

function sortValue(it: Listable, sortBy: string): string | number {
  if (sortBy === "Name") return it.name;
  if (sortBy === "Status") return it.status ?? "";
  return it.creationTime;
}

function compareValues(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeToken(token: Cursor & { l: string; s: string; o: string }): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

/** A token from another sort order, a different list, or no token of ours at all is refused. */
function decodeToken(token: string, list: string, sortBy: string, order: string): Cursor {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
    const keyOk = typeof t.k === "string" || typeof t.k === "number";
    if (keyOk && typeof t.n === "string" && t.l === list && t.s === sortBy && t.o === order) return { k: t.k as string | number, n: t.n };
  } catch {
    // fall through: not base64url JSON
  }
  throw invalidPaginationToken();
}
