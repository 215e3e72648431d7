/** `s3://bucket/key/prefix/` split into bucket and key (the key keeps its trailing slash). */
export function parseS3Url(url: string | undefined): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url ?? "");
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}
