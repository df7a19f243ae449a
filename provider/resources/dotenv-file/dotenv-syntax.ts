/**
 * Pure dotenv reading and writing. A file is a list of entries: assignments (`[export ]NAME=value`,
 * a quoted value possibly spanning lines) and everything else (comments, blanks, lines we do not
 * understand), each kept with its exact text so unmanaged lines survive byte for byte.
 */

/** One logical entry of a dotenv file, with its original text (line endings included). */
export interface DotenvEntry {
  /** The exact text of the entry, including its line ending(s). */
  raw: string;
  /** The variable name, for an assignment. */
  name?: string;
  /** The decoded value, for an assignment. */
  value?: string;
  /** Whether the assignment was written `export NAME=...`. */
  exported?: boolean;
}

const ASSIGNMENT = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/s;
// Characters that need no quoting in any common dotenv reader (no spaces, quotes, #, $ or \).
const BARE_VALUE = /^[A-Za-z0-9_\-.:/@+,%=?&~]+$/;

/** Splits a dotenv text into entries; joining their `raw` gives the text back exactly. */
export function parseDotenv(text: string): DotenvEntry[] {
  const lines = splitLines(text);
  const entries: DotenvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const match = ASSIGNMENT.exec(stripEol(line));
    if (!match) {
      entries.push({ raw: line });
      continue;
    }
    // Groups 3 and 4 always match; only "export " is optional.
    const [, , exportWord, name = "", rest = ""] = match;
    let raw = line;
    let valueText = rest;
    const quote = rest[0];
    if ((quote === '"' || quote === "'" || quote === "`") && closingQuote(rest, quote) < 0) {
      // A quoted value may run over several lines until its closing quote; without one by the
      // end of the file, the line stands alone (later lines are not swallowed).
      for (let j = i + 1; j < lines.length; j++) {
        const joined = rest + eolOf(line) + lines.slice(i + 1, j + 1).join("");
        if (closingQuote(joined, quote) >= 0) {
          raw = lines.slice(i, j + 1).join("");
          valueText = stripEol(joined);
          i = j;
          break;
        }
      }
    }
    entries.push({ raw, name, value: decodeValue(valueText), exported: Boolean(exportWord) });
  }
  return entries;
}

/** The value of each name's first assignment in the text. */
export function readVariables(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of parseDotenv(text)) {
    if (entry.name !== undefined && !found.has(entry.name))
      found.set(entry.name, entry.value ?? "");
  }
  return found;
}

/**
 * The text with `assignments` applied: a name's first assignment is rewritten in place (keeping
 * `export`), later duplicates dropped, names not present appended; every assignment of a name in
 * `remove` is dropped. All other entries are kept verbatim.
 */
export function mergeDotenv(
  text: string,
  assignments: ReadonlyMap<string, string>,
  remove: readonly string[] = [],
): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const written = new Set<string>();
  const out: string[] = [];
  for (const entry of parseDotenv(text)) {
    const { name } = entry;
    if (name !== undefined && assignments.has(name)) {
      if (written.has(name)) continue;
      written.add(name);
      const prefix = entry.exported ? "export " : "";
      out.push(prefix + renderAssignment(name, assignments.get(name) as string) + eolOf(entry.raw));
    } else if (name === undefined || !remove.includes(name)) {
      out.push(entry.raw);
    }
  }
  const missing = [...assignments].filter(([name]) => !written.has(name));
  if (missing.length > 0) {
    const last = out[out.length - 1];
    if (last !== undefined && eolOf(last) === "") out.push(eol);
    for (const [name, value] of missing) out.push(renderAssignment(name, value) + eol);
  }
  return out.join("");
}

/** True when the text has nothing but blank lines. */
export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/** One `NAME=value` line (without line ending), the value quoted as dotenv readers expect. */
export function renderAssignment(name: string, value: string): string {
  return `${name}=${renderValue(value)}`;
}

/**
 * A value in dotenv syntax: bare when it is plain; single-quoted (literal everywhere, no `$`
 * expansion) when it has no `'` or line break; otherwise double-quoted with `\\`, `\"`, `\n`, `\r`
 * escapes, which dotenv, python-dotenv and docker compose all read back.
 */
export function renderValue(value: string): string {
  if (BARE_VALUE.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
  return `"${escaped}"`;
}

/** Decodes the text after `=`: quoted (single, double with escapes, backtick) or bare. */
export function decodeValue(valueText: string): string {
  const quote = valueText[0];
  if (quote === '"' || quote === "'" || quote === "`") {
    const end = closingQuote(valueText, quote);
    if (end > 0) {
      const inner = valueText.slice(1, end);
      return quote === '"' ? unescapeDouble(inner) : inner;
    }
  }
  // A bare value ends at an inline comment (whitespace then #).
  return valueText.replace(/\s+#.*$/s, "").trim();
}

function closingQuote(valueText: string, quote: string): number {
  for (let i = 1; i < valueText.length; i++) {
    const char = valueText[i];
    if (quote === '"' && char === "\\") {
      i++;
      continue;
    }
    if (char === quote) return i;
  }
  return -1;
}

function unescapeDouble(inner: string): string {
  const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
  return inner.replace(/\\(.)/gs, (whole, char: string) => escapes[char] ?? whole);
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function stripEol(line: string): string {
  return line.replace(/\r?\n$/, "");
}

function eolOf(raw: string): string {
  return /\r\n$/.test(raw) ? "\r\n" : /\n$/.test(raw) ? "\n" : "";
}
