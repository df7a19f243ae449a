import { createHash } from "node:crypto";
import { renderAssignment } from "./dotenv-syntax";
import { type DotenvFileOutputs } from "./types";

/**
 * SHA-256 of the managed lines as rendered, sorted by name: equal exactly when the file holds the
 * same values. A name absent from `values` hashes as missing, so a removed line shows as drift.
 */
export function contentHash(names: readonly string[], values: ReadonlyMap<string, string>): string {
  const lines = [...names]
    .sort()
    .map((name) =>
      values.has(name) ? renderAssignment(name, values.get(name) as string) : `#missing ${name}`,
    );
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

/** The resource state for a file holding `variables`: path, names and hash, never a value. */
export function dotenvOutputs(
  path: string,
  variables: Record<string, string>,
  createdFile: boolean,
): DotenvFileOutputs {
  const names = Object.keys(variables).sort();
  return {
    path,
    variableNames: names,
    contentHash: contentHash(names, new Map(Object.entries(variables))),
    createdFile,
  };
}
