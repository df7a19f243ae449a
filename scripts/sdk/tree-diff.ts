/** Compares two directory trees file by file. */
import * as fs from "fs";
import * as path from "path";

/** Relative paths that are missing on one side or differ in content, sorted; empty when equal. */
export function compareTrees(expected: string, actual: string): string[] {
  const left = filesUnder(expected);
  const right = filesUnder(actual);
  const differences: string[] = [];
  for (const file of new Set([...left, ...right])) {
    if (!left.has(file)) differences.push(`${file} (not committed)`);
    else if (!right.has(file)) differences.push(`${file} (no longer generated)`);
    else if (
      !fs.readFileSync(path.join(expected, file)).equals(fs.readFileSync(path.join(actual, file)))
    ) {
      differences.push(`${file} (content)`);
    }
  }
  return differences.sort();
}

function filesUnder(dir: string): Set<string> {
  if (!fs.existsSync(dir)) return new Set();
  return new Set(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/")),
  );
}
