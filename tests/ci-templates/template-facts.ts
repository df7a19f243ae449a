/**
 * Facts read from a CI template: its YAML (strict: duplicate keys and syntax errors fail), the
 * names its header comment documents, and the `${{ ... }}` expressions it uses.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Where the templates live. */
export const CI_DIR = path.join(REPO_ROOT, "examples", "ci");

/** A parsed template with its raw text. */
export interface Template {
  file: string;
  text: string;
  data: Record<string, unknown>;
}

/** Reads and parses a template; throws with every YAML error and warning. */
export function loadTemplate(relative: string): Template {
  const file = path.join(CI_DIR, relative);
  const text = fs.readFileSync(file, "utf8");
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0)
    throw new Error(`${relative} is not valid YAML:\n${problems.join("\n")}`);
  return { file: relative, text, data: doc.toJS() as Record<string, unknown> };
}

/**
 * The names listed in the header comment under a heading that starts with `heading` ("Secrets",
 * "Variables", "CI/CD variables"): lines `#   NAME  description` (or `#   A, B`), up to the next
 * heading-like line (`# Capitalised`).
 */
export function documentedNames(text: string, heading: string): Set<string> {
  const names = new Set<string>();
  let inside = false;
  for (const line of headerLines(text)) {
    if (/^# [A-Z]/.test(line)) {
      inside = line.startsWith(`# ${heading}`);
      continue;
    }
    const match = /^#\s{2,4}([A-Z][A-Z0-9_]+(?:,\s*[A-Z][A-Z0-9_]+)*)/.exec(line);
    if (inside && match) match[1]!.split(/,\s*/).forEach((name) => names.add(name));
  }
  return names;
}

function headerLines(text: string): string[] {
  const lines = text.split("\n");
  const end = lines.findIndex((line) => !line.startsWith("#"));
  return lines.slice(0, end < 0 ? lines.length : end);
}

/** Every string value with the key it sits under, anywhere in the document. */
export function stringValues(value: unknown, key = ""): Array<{ key: string; value: string }> {
  if (typeof value === "string") return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((item) => stringValues(item, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => stringValues(v, k));
  }
  return [];
}

/** The GitHub expressions of a workflow: `${{ ... }}` bodies, and whole `if:` values. */
export function expressions(data: unknown): string[] {
  return stringValues(data).flatMap(({ key, value }) => {
    const embedded = [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!);
    return key === "if" && embedded.length === 0 ? [value] : embedded;
  });
}

/** The names used from a context (`secrets`, `vars`, `inputs`, `github.event.inputs`). */
export function contextNames(exprs: string[], context: string): Set<string> {
  const pattern = new RegExp(
    `(?<![\\w.])${context.replace(/\./g, "\\.")}\\.([A-Za-z_][A-Za-z0-9_-]*)`,
    "g",
  );
  return new Set(exprs.flatMap((e) => [...e.matchAll(pattern)].map((m) => m[1]!)));
}

/** The @pulumi/pulumi version the project is locked to (the CLI the templates install). */
export function lockedPulumiVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
  return lock.packages["node_modules/@pulumi/pulumi"].version as string;
}

/** Where a team's `npm ci` puts this package, as the templates name it. */
export const INSTALLED = "node_modules/pulumi-sentry-rotation/";

/**
 * True when `installedPath` (under {@link INSTALLED}) is a file the package ships: it exists here
 * and package.json `files` covers it, so a team's node_modules has it after `npm ci`.
 */
export function shipsInPackage(installedPath: string): boolean {
  if (!installedPath.startsWith(INSTALLED)) return false;
  const relative = installedPath.slice(INSTALLED.length).replace(/\/$/, "");
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const files = (manifest.files as string[]).filter((f) => !f.startsWith("!"));
  const covered = files.some((f) => relative === f || relative.startsWith(`${f}/`));
  return covered && fs.existsSync(path.join(REPO_ROOT, relative));
}

/** Commands that only make sense inside this repository, never in a team's own stack. */
export const REPOSITORY_ONLY =
  /npm run build|ts-node|examples\/|policy\/node_modules|--policy-pack policy\b/;
