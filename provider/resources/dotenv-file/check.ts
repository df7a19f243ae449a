import * as path from "node:path";
import {
  checkInputs,
  dropUndefined,
  type CheckFailure,
  type FieldRule,
  type FieldRules,
} from "../../check-failures";
import { containsUnknown, UNKNOWN } from "../../unknown";
import { DOTENV_VARIABLE_NAME, type DotenvFileInputs } from "./types";

/** What is at a path, as far as check needs to know. */
export type PathKind = "file" | "directory" | "missing" | "other";

/** Looks at a path (the file system in the provider, a table in tests). */
export type PathProbe = (absolutePath: string) => PathKind;

/**
 * Validates a DotenvFile's inputs and resolves `path` against the working directory. Pure apart
 * from `probe`; values unknown during preview pass; failures name the field and never a value.
 */
export function checkDotenvFile(
  news: Record<string, unknown>,
  probe: PathProbe,
  cwd: string = process.cwd(),
): { inputs: DotenvFileInputs; failures: CheckFailure[] } {
  const resolved =
    typeof news.path === "string" && news.path !== "" && news.path !== UNKNOWN
      ? path.resolve(cwd, news.path)
      : news.path;
  // Absent stays absent: the host answers with a protobuf Struct, which cannot hold undefined.
  const rules = { path: filePath(probe), variables } satisfies FieldRules<DotenvFileInputs>;
  return checkInputs<DotenvFileInputs>(dropUndefined({ ...news, path: resolved }), rules);
}

const filePath =
  (probe: PathProbe): FieldRule =>
  (value) => {
    if (typeof value !== "string" || value === "") {
      return 'is required: the file to write, absolute or relative to the program\'s directory, e.g. ".env".';
    }
    if (value.includes("\0")) return "must not contain a NUL character.";
    const kind = probe(value);
    if (kind === "directory") {
      return `${value} is a directory; give the file inside it, e.g. ${path.join(value, ".env")}.`;
    }
    if (kind === "other") return `${value} is not a regular file; choose a file path.`;
    const parent = path.dirname(value);
    const parentKind = probe(parent);
    if (parentKind === "missing") {
      return `directory ${parent} does not exist; create it first or choose another path.`;
    }
    return parentKind === "directory" ? undefined : `${parent} is not a directory.`;
  };

// Never quote a value here: values are secrets.
const variables: FieldRule = (value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "must be a map of variable name to value, such as { SENTRY_DSN: dsn }.";
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "must name at least one variable.";
  for (const [name, v] of entries) {
    if (!DOTENV_VARIABLE_NAME.test(name)) {
      return `"${name}" is not a valid variable name: use upper-case letters, digits and "_", not starting with a digit (e.g. SENTRY_DSN).`;
    }
    if (typeof v !== "string" && !containsUnknown(v)) {
      return `the value of ${name} must be a string (got a ${v === null ? "null" : typeof v}).`;
    }
  }
  return undefined;
};
