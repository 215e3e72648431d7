/**
 * An absolute file path of three or more segments (`/tmp/mme-x/cache/ep/1/model.onnx`), not the
 * path of a URL (`https://host/a/b/c`: the slash there follows another slash or a host name).
 */
const LOCAL_PATH = /(?<=^|[\s'"(=,:[])\/(?:[\w.@+-]+\/){2,}[\w.@+-]*/g;

/**
 * The engine's messages name files on its own disk (the package's version folder under its data
 * dir). A person needs the file, not where the engine keeps it: `…/1/model.onnx`. The full
 * message stays in the details.
 */
export function shortenLocalPaths(text: string): string {
  return text.replace(LOCAL_PATH, (p) => {
    const parts = p.split("/").filter(Boolean);
    return `…/${parts.slice(-2).join("/")}`;
  });
}
