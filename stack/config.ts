/**
 * The config-driven stack's settings, parsed and checked without any I/O: a team rotates keys with a
 * `Pulumi.<stack>.yaml` and no code. Every problem names the entry and field and says the fix.
 */
import type { FieldRule, FieldRules } from "../provider/check-failures";
import * as rules from "../provider/field-rules";
import { describeValue } from "../provider/describe-value";
import { InputError } from "../provider/input-error";
import { CLIENT_KEY_NAME_MAX, ORG_AUTH_TOKEN_NAME_MAX } from "../provider/sentry/key-fields";
import { sinkSpecProblems, type SinkSpec } from "../components/sinks";
import type { RotationWindow } from "../provider/rotation/window";

/** One client key of `sentry-rotation:keys`. */
export interface KeyEntry {
  /** Pulumi resource name, unique in the stack; also the key's name in Sentry unless `keyName`. */
  name: string;
  project: string;
  organization?: string;
  keyName?: string;
  rotateEvery: string;
  overlap?: string;
  /** With `overlap`: hold the previous key's retirement while it is in use. */
  retirement?: { quietPeriod?: string; maxHold?: string };
  /** With `overlap`: a new value removes the previous key on the next `up` (emergency revoke). */
  revokePrevious?: string;
  rotationTriggers?: Record<string, string>;
  /** When scheduled rotations may happen; the stack's `sentry-rotation:rotationWindow` if omitted. */
  rotationWindow?: RotationWindow;
  rateLimit?: { window: number; count: number };
  isActive?: boolean;
  onReplace?: "delete" | "deactivate";
  /** Adopt this existing key (its 32-hex id) on the first `pulumi up` instead of creating one. */
  existingKeyId?: string;
  /** The name of a connection in `sentry-rotation:connections`: this key's Sentry and token. */
  connection?: string;
  sinks: SinkSpec[];
}

/** One org auth token of `sentry-rotation:tokens`. */
export interface TokenEntry {
  /** Pulumi resource name, unique in the stack; also the token's name unless `tokenName`. */
  name: string;
  organization?: string;
  tokenName?: string;
  rotateEvery: string;
  rotationTriggers?: Record<string, string>;
  /** When scheduled rotations may happen; the stack's `sentry-rotation:rotationWindow` if omitted. */
  rotationWindow?: RotationWindow;
  /** The name of a connection in `sentry-rotation:connections`: this token's Sentry and token. */
  connection?: string;
  sinks: SinkSpec[];
}

/** One of `sentry-rotation:connections`, checked: a Sentry and the API token for it. */
export interface StackConnection {
  url: string;
  organization?: string;
  authToken: string;
}

/** The whole stack config. */
export interface StackConfig {
  keys: KeyEntry[];
  tokens: TokenEntry[];
  /** The connections the entries name, by name (their tokens are secrets: never print them). */
  connections: Record<string, StackConnection>;
}

const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const resourceName: FieldRule = (value) =>
  typeof value === "string" && RESOURCE_NAME.test(value)
    ? undefined
    : `must be a name of letters, digits, "-" or "_" starting with a letter (at most 63), got ${describeValue(value)}.`;

const KEY_RULES = {
  name: rules.required(resourceName),
  project: rules.required(rules.slug),
  organization: rules.optional(rules.slug),
  keyName: rules.optional(rules.name(CLIENT_KEY_NAME_MAX)),
  rotateEvery: rules.required(rules.duration),
  overlap: rules.optional(rules.duration),
  retirement: rules.optional(rules.retirementGate),
  revokePrevious: rules.optional(rules.revokeMarker),
  rotationTriggers: rules.optional(rules.stringMap),
  rotationWindow: rules.optional(rules.rotationWindow),
  rateLimit: rules.optional(rules.rateLimit),
  isActive: rules.optional(rules.boolean),
  onReplace: rules.optional(rules.oneOf("delete", "deactivate")),
  existingKeyId: rules.optional(rules.keyId),
  connection: rules.optional(resourceName),
} satisfies FieldRules<KeyEntry, "sinks">;

const TOKEN_RULES = {
  name: rules.required(resourceName),
  organization: rules.optional(rules.slug),
  tokenName: rules.optional(rules.name(ORG_AUTH_TOKEN_NAME_MAX)),
  rotateEvery: rules.required(rules.duration),
  rotationTriggers: rules.optional(rules.stringMap),
  rotationWindow: rules.optional(rules.rotationWindow),
  connection: rules.optional(resourceName),
} satisfies FieldRules<TokenEntry, "sinks">;

/** The config keys this stack reads, in the `sentry-rotation` namespace. */
export const CONFIG_KEYS = {
  keys: "sentry-rotation:keys",
  tokens: "sentry-rotation:tokens",
  rotationWindow: "sentry-rotation:rotationWindow",
  connections: "sentry-rotation:connections",
};

/**
 * Parses `sentry-rotation:keys` and `sentry-rotation:tokens`, with `sentry-rotation:rotationWindow`
 * as the window of every entry that has none of its own and `sentry-rotation:connections` as the
 * connections entries name (`connectionsSecret`: whether stack config holds them encrypted);
 * throws one InputError listing every problem.
 */
export function parseStackConfig(raw: {
  keys?: unknown;
  tokens?: unknown;
  rotationWindow?: unknown;
  connections?: unknown;
  connectionsSecret?: boolean;
}): StackConfig {
  const problems: string[] = [];
  const window = stackWindow(raw.rotationWindow, problems);
  const connections = stackConnections(raw.connections, raw.connectionsSecret ?? false, problems);
  const connectionNames = isRecord(raw.connections) ? Object.keys(raw.connections) : [];
  const keys = entries<KeyEntry>(raw.keys, CONFIG_KEYS.keys, KEY_RULES, problems, window);
  const tokens = entries<TokenEntry>(raw.tokens, CONFIG_KEYS.tokens, TOKEN_RULES, problems, window);
  if (keys.length + tokens.length === 0 && problems.length === 0) {
    problems.push(
      `${CONFIG_KEYS.keys}: nothing to rotate: list at least one key (or token under ${CONFIG_KEYS.tokens}); see docs/config-stack.md.`,
    );
  }
  duplicateNames([...keys, ...tokens], problems);
  unknownConnections(keys, CONFIG_KEYS.keys, connectionNames, problems);
  unknownConnections(tokens, CONFIG_KEYS.tokens, connectionNames, problems);
  keys.forEach((key, i) => {
    if (key.retirement !== undefined && key.overlap === undefined) {
      problems.push(
        `${CONFIG_KEYS.keys}[${i}].retirement: needs overlap (without it the old key is removed in the same run); set overlap, or remove retirement.`,
      );
    }
  });
  if (problems.length > 0) {
    throw new InputError("stack config", `\n  - ${problems.join("\n  - ")}`);
  }
  return { keys, tokens, connections };
}

// Entries whose problems are listed in `problems`; the caller uses them only when there are none.
function entries<Entry extends { sinks: SinkSpec[] }>(
  value: unknown,
  where: string,
  fieldRules: FieldRules<Entry, "sinks">,
  problems: string[],
  window: RotationWindow | undefined,
): Entry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: must be a list of entries, got ${typeof value}.`);
    return [];
  }
  return value.flatMap((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(`${at}: must be an object with at least name and rotateEvery.`);
      return [];
    }
    const record = withWindow(entry as Record<string, unknown>, window);
    const known = new Set([...Object.keys(fieldRules), "sinks"]);
    for (const field of Object.keys(record).filter((f) => !known.has(f))) {
      problems.push(`${at}.${field}: unknown field; known fields: ${[...known].join(", ")}.`);
    }
    for (const [field, rule] of Object.entries<FieldRule>(fieldRules)) {
      const problem = rule(record[field]);
      if (problem) problems.push(`${at}.${field}: ${problem}`);
    }
    const sinks = record.sinks ?? [];
    if (!Array.isArray(sinks)) {
      problems.push(`${at}.sinks: must be a list of sinks.`);
      return [];
    }
    sinks.forEach((sink: unknown, j) =>
      problems.push(...sinkSpecProblems(sink, `${at}.sinks[${j}]`)),
    );
    // Typed against its rules table: used only once `problems` is empty.
    return [{ ...record, sinks } as Entry];
  });
}

function duplicateNames(all: Array<{ name: string }>, problems: string[]): void {
  const seen = new Set<string>();
  for (const { name } of all) {
    if (typeof name === "string" && seen.has(name)) {
      problems.push(`name "${name}" is used twice; each key and token needs its own name.`);
    }
    seen.add(name);
  }
}

// The stack's window, checked once (its problems are reported under its own config key).
function stackWindow(value: unknown, problems: string[]): RotationWindow | undefined {
  if (value === undefined || value === null) return undefined;
  const problem = rules.rotationWindow(value);
  if (problem) problems.push(`${CONFIG_KEYS.rotationWindow}: ${problem}`);
  return problem ? undefined : (value as RotationWindow);
}

function withWindow(
  record: Record<string, unknown>,
  window: RotationWindow | undefined,
): Record<string, unknown> {
  return window && record.rotationWindow === undefined
    ? { ...record, rotationWindow: window }
    : record;
}

// The named connections, each checked as a resource's `connection` is (messages never show a token).
function stackConnections(
  value: unknown,
  secret: boolean,
  problems: string[],
): Record<string, StackConnection> {
  if (value === undefined || value === null) return {};
  const where = CONFIG_KEYS.connections;
  if (!isRecord(value)) {
    problems.push(
      `${where}: must be a map of connection names to { url, organization?, authToken }, got ${Array.isArray(value) ? "a list" : typeof value}.`,
    );
    return {};
  }
  if (!secret) {
    problems.push(
      `${where}: holds API tokens in plain text in the stack's config file: set each token with \`pulumi config set --secret --path '${where}.<name>.authToken' <token>\`.`,
    );
  }
  const connections: Record<string, StackConnection> = {};
  for (const [name, connection] of Object.entries(value)) {
    const nameProblem = resourceName(name);
    if (nameProblem) problems.push(`${where}: connection name ${nameProblem}`);
    const problem = rules.connection(connection);
    if (problem) problems.push(`${where}.${name}: ${problem}`);
    else connections[name] = connection as StackConnection;
  }
  return connections;
}

function unknownConnections(
  entries: Array<{ connection?: string }>,
  where: string,
  known: string[],
  problems: string[],
): void {
  entries.forEach((entry, i) => {
    if (typeof entry.connection === "string" && !known.includes(entry.connection)) {
      problems.push(
        `${where}[${i}].connection: no connection "${entry.connection}" in ${CONFIG_KEYS.connections}${known.length ? ` (it has ${known.map((k) => `"${k}"`).join(", ")})` : ""}; add it there, or remove the field to use the stack's Sentry.`,
      );
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
