/**
 * The messages users can see, extracted from the code so docs/troubleshooting.md can be checked
 * against them: every string or template literal of three words or more in provider/, stack/,
 * and components/ (errors, check failures, Sentry API hints, log lines; policy violations are
 * explained in docs/policy-template.md).
 * A template's `${...}` parts become placeholders that match anything on the page.
 *
 *   node --require ts-node/register/transpile-only scripts/troubleshooting/messages.ts          # missing from the page
 *   node --require ts-node/register/transpile-only scripts/troubleshooting/messages.ts --list   # every message
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The folders whose messages users see. */
export const MESSAGE_FOLDERS = ["provider", "stack", "components"];
/** The page that documents them. */
export const TROUBLESHOOTING_PAGE = path.join(REPO_ROOT, "docs", "troubleshooting.md");

/** One message as written in the code. */
export interface SourceMessage {
  /** File, relative to the root it was read from. */
  file: string;
  /** 1-based line of the literal. */
  line: number;
  /** The text with each `${...}` replaced by `<…>`. */
  template: string;
  /** The literal text between placeholders. */
  parts: string[];
}

const PLACEHOLDER = "<…>";
const MIN_WORDS = 3;

/** Every message in the `.ts` files under `folders` of `root`, in file and line order. */
export function extractMessages(root = REPO_ROOT, folders = MESSAGE_FOLDERS): SourceMessage[] {
  return folders
    .flatMap((folder) => typeScriptFiles(path.join(root, folder)))
    .sort()
    .flatMap((file) => messagesIn(file, path.relative(root, file)));
}

function typeScriptFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typeScriptFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function messagesIn(file: string, relative: string): SourceMessage[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const found: SourceMessage[] = [];
  const visit = (node: ts.Node): void => {
    // Module names and `require("...")` arguments are not messages.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportTypeNode(node))
      return;
    if (ts.isCallExpression(node) && node.expression.getText(source) === "require") return;
    const parts = literalParts(node);
    if (parts) {
      if (wordCount(parts) >= MIN_WORDS) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ file: relative, line, template: parts.join(PLACEHOLDER), parts });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// A string literal is one part; a template `a${x}b${y}c` is the parts ["a", "b", "c"].
function literalParts(node: ts.Node): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  }
  return undefined;
}

function wordCount(parts: string[]): number {
  return parts
    .join(" ")
    .split(/\s+/)
    .filter((word) => /[A-Za-z]{2}/.test(word)).length;
}

/**
 * The pattern a page must contain for `message`: its literal parts in order, on one line, with
 * anything in place of the placeholders and any run of spaces where the code has spaces.
 */
export function messagePattern(message: Pick<SourceMessage, "parts">): RegExp {
  const literal = (text: string) =>
    text
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[ \\t]+");
  const body = message.parts
    .map((part) => ({ part, pattern: literal(part) }))
    .map(({ part, pattern }, i, all) => {
      if (pattern === "") return "";
      const before = i > 0 && /^\s/.test(part) ? "[ \\t]*" : "";
      const after = i < all.length - 1 && /\s$/.test(part) ? "[ \\t]*" : "";
      return `${before}${pattern}${after}`;
    })
    .join(".*?");
  return new RegExp(body);
}

/** The messages whose pattern the page does not contain. */
export function missingFrom(page: string, messages: SourceMessage[]): SourceMessage[] {
  return messages.filter((message) => !messagePattern(message).test(page));
}

if (require.main === module) {
  const messages = extractMessages();
  if (process.argv.includes("--list")) {
    for (const m of messages) console.log(`${m.file}:${m.line}\t${m.template}`);
  } else {
    const missing = missingFrom(fs.readFileSync(TROUBLESHOOTING_PAGE, "utf8"), messages);
    for (const m of missing) console.log(`${m.file}:${m.line}\t${m.template}`);
    console.error(
      `${missing.length} of ${messages.length} messages are missing from docs/troubleshooting.md`,
    );
    process.exitCode = missing.length > 0 ? 1 : 0;
  }
}
