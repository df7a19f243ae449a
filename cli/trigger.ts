/**
 * `sentry-rotation trigger`: emergency rotation of one key or token. It sets a `rotationTriggers`
 * value in the stack config, so the next `pulumi up` replaces that key (a changed trigger forces a
 * rotation; see docs/resources.md). The value must stay in the stack config afterwards: removing or
 * changing it rotates the key again. Commit it.
 *
 * Two layouts of stack config: the entries of the config-driven stack (`sentry-rotation:keys` and
 * `sentry-rotation:tokens`, found by `name`), or, for a program of your own, a config key holding
 * a map from resource name to that resource's triggers (`--triggers-key`; the name must be a
 * rotating key or token in the stack's state). Needs the `pulumi` CLI on PATH, logged in to the
 * stack's backend, run from the stack's directory. The value is stored in plain text in
 * Pulumi.<stack>.yaml and in the state: never put a secret in it.
 *
 * With `--revoke` (client keys with `overlap`), the same value also goes to the key's
 * `revokePrevious`, so that one `pulumi up` rotates and removes the leaked key at once instead of
 * keeping it valid for the overlap.
 */
import { execFileSync } from "child_process";

/** The config keys of the config-driven stack's entries (as stack/config.ts reads them). */
export const LISTS = { keys: "sentry-rotation:keys", tokens: "sentry-rotation:tokens" } as const;
/** The trigger name used when none is given. */
export const DEFAULT_TRIGGER = "emergency";
/** Resource types whose Pulumi name `--triggers-key` accepts: the components and the keys. */
export const ROTATING_TYPES = [
  "sentry-rotation:index:RotatingClientKey",
  "sentry-rotation:index:RotatingOrgAuthToken",
  "pulumi-nodejs:dynamic/sentry:ClientKey",
  "pulumi-nodejs:dynamic/sentry:ClientKeyPair",
  "pulumi-nodejs:dynamic/sentry:OrgAuthToken",
] as const;

export const TRIGGER_USAGE = `Usage: sentry-rotation trigger --entry NAME --value TEXT [options]

Sets rotationTriggers.<trigger> of one key or token in the stack config (pulumi config set), so
the next \`pulumi up\` rotates it. Run it in the stack's directory; commit Pulumi.<stack>.yaml after.

Options:
  --entry NAME          the entry's name in sentry-rotation:keys or sentry-rotation:tokens, or
                        with --triggers-key the Pulumi name of a RotatingClientKey/OrgAuthToken
  --value TEXT          the new trigger value, e.g. "2027-01-05T03:12Z leaked in a build log"
                        (stored in plain text: never the leaked value)
  --trigger NAME        which trigger to set (default ${DEFAULT_TRIGGER})
  --stack STACK         the stack (default: the selected stack)
  --triggers-key KEY    for a program of your own: the config key holding a map from resource
                        name to its rotationTriggers, e.g. sentryRotationTriggers (docs/ci.md)
  --revoke              also set the key's revokePrevious to the same value: with overlap, the
                        leaked key is removed in that same \`pulumi up\` instead of staying valid
                        for the overlap (client keys only; docs/runbook.md "A key leaked")
  -h, --help            show this help
`;

/** Parsed command-line arguments. */
export interface TriggerArgs {
  entry: string;
  value: string;
  trigger: string;
  stack?: string;
  triggersKey?: string;
  /** Also set `revokePrevious` (the leaked key goes in the same run). */
  revoke?: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The `pulumi config set --path` path of a config-driven entry's trigger, e.g.
 * `sentry-rotation:keys[2].rotationTriggers.emergency`. Pure: `lists` holds the parsed values of
 * both config keys (undefined when unset). Throws naming the known entries when `entry` is absent.
 */
export function triggerPath(
  lists: { keys?: unknown; tokens?: unknown },
  entry: string,
  trigger = DEFAULT_TRIGGER,
): string {
  checkTriggerName(trigger);
  const known: string[] = [];
  for (const list of ["keys", "tokens"] as const) {
    const entries = Array.isArray(lists[list]) ? (lists[list] as unknown[]) : [];
    const index = entries.findIndex((e) => (e as { name?: unknown } | null)?.name === entry);
    if (index >= 0) return `${LISTS[list]}[${index}].rotationTriggers.${trigger}`;
    known.push(...entries.map((e) => String((e as { name?: unknown } | null)?.name)));
  }
  throw new Error(
    `--entry: no entry named "${entry}" in ${LISTS.keys} or ${LISTS.tokens}; known entries: ${known.join(", ") || "none"}. Use the entry's name field, as in Pulumi.<stack>.yaml, or --triggers-key for a program of your own.`,
  );
}

/**
 * The path of a key's `revokePrevious` next to its trigger's path: `sentry-rotation:keys[2].revokePrevious`
 * for the config-driven stack, `sentryRotationTriggers["web"].revokePrevious` in a map of a program
 * of its own. Pure. Tokens have no previous key: a token's rotation revokes the old one in the same run.
 */
export function revokePath(triggerPathSet: string): string {
  if (triggerPathSet.startsWith(`${LISTS.tokens}[`)) {
    throw new Error(
      "--revoke: org auth tokens have no previous key (a token's rotation revokes the old one in the same run); drop --revoke.",
    );
  }
  return triggerPathSet.replace(
    /(\.rotationTriggers)?\.[A-Za-z][A-Za-z0-9_-]*$/,
    ".revokePrevious",
  );
}

/**
 * The path of a trigger in a map kept by a program of its own, e.g.
 * `sentryRotationTriggers["web"].emergency`. Pure: `known` are the rotating resources' names in
 * the stack's state ({@link rotatingNames}); an unknown name would set a trigger nothing reads.
 */
export function mapTriggerPath(
  triggersKey: string,
  entry: string,
  known: string[],
  trigger = DEFAULT_TRIGGER,
): string {
  checkTriggerName(trigger);
  if (!/^([A-Za-z][\w.-]*:)?[A-Za-z][\w-]*$/.test(triggersKey)) {
    throw new Error(
      `--triggers-key: "${triggersKey}" must be a config key such as sentryRotationTriggers or myproject:sentryRotationTriggers.`,
    );
  }
  if (!known.includes(entry)) {
    throw new Error(
      `--entry: the stack's state has no rotating key or token named "${entry}"; known: ${known.join(", ") || "none"}. Use the Pulumi name given to RotatingClientKey or RotatingOrgAuthToken.`,
    );
  }
  return `${triggersKey}[${JSON.stringify(entry)}].${trigger}`;
}

/** The Pulumi names of the rotating keys and tokens in `pulumi stack export` output, sorted. */
export function rotatingNames(stackExport: unknown): string[] {
  const resources =
    (stackExport as { deployment?: { resources?: unknown } } | null)?.deployment?.resources ?? [];
  if (!Array.isArray(resources)) return [];
  const names = resources.flatMap((r) => {
    const { type, urn } = (r ?? {}) as { type?: unknown; urn?: unknown };
    const rotating = (ROTATING_TYPES as readonly unknown[]).includes(type);
    return rotating && typeof urn === "string" ? [urn.split("::").pop() ?? ""] : [];
  });
  return [...new Set(names)].filter(Boolean).sort();
}

/** Parses the flags; throws naming the missing or unknown one. `help` when -h/--help is given. */
export function parseArgs(argv: string[]): TriggerArgs | { help: true } {
  if (argv.includes("-h") || argv.includes("--help")) return { help: true };
  const known = ["--entry", "--value", "--trigger", "--stack", "--triggers-key"];
  const flags: Record<string, string> = {};
  const revoke = argv.includes("--revoke");
  const rest = argv.filter((arg) => arg !== "--revoke");
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] ?? "";
    const value = rest[i + 1];
    if (!known.includes(flag)) {
      throw new Error(
        `unknown argument "${flag}"; use --entry <name> --value <text> [--trigger <name>] [--stack <stack>] [--triggers-key <key>] [--revoke].`,
      );
    }
    if (value === undefined) throw new Error(`${flag}: needs a value.`);
    flags[flag.slice(2)] = value;
  }
  for (const required of ["entry", "value"]) {
    if (!flags[required]?.trim()) throw new Error(`--${required}: is required.`);
  }
  // With --path, pulumi stores "true", "false" and integers as booleans and numbers, which
  // rotationTriggers (a map of strings) rejects.
  if (/^\s*(true|false|-?\d+)\s*$/.test(flags.value!)) {
    throw new Error(
      `--value: "${flags.value}" would be stored as a ${/\d/.test(flags.value!) ? "number" : "boolean"}; add words, e.g. "${flags.value} leaked DSN".`,
    );
  }
  return {
    entry: flags.entry!,
    value: flags.value!,
    trigger: flags.trigger ?? DEFAULT_TRIGGER,
    ...(flags.stack ? { stack: flags.stack } : {}),
    ...(flags["triggers-key"] ? { triggersKey: flags["triggers-key"] } : {}),
    ...(revoke ? { revoke: true } : {}),
  };
}

/** Runs `pulumi` with the given arguments; returns stdout. */
export type PulumiRunner = (args: string[]) => string;

/** The CLI on PATH, in the current directory. */
export const pulumiOnPath: PulumiRunner = (args) =>
  execFileSync("pulumi", ["--non-interactive", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });

/** Finds the entry, sets its trigger, and returns the path it set. */
export function setRotationTrigger(args: TriggerArgs, pulumi: PulumiRunner = pulumiOnPath): string {
  const stack = args.stack ? ["--stack", args.stack] : [];
  const path = args.triggersKey
    ? mapTriggerPath(
        args.triggersKey,
        args.entry,
        rotatingNames(JSON.parse(pulumi(["stack", "export", ...stack]))),
        args.trigger,
      )
    : triggerPath(
        {
          keys: readList(pulumi, LISTS.keys, stack),
          tokens: readList(pulumi, LISTS.tokens, stack),
        },
        args.entry,
        args.trigger,
      );
  const revoke = args.revoke ? revokePath(path) : undefined;
  // --plaintext: a path under "tokens" looks like a secret to pulumi, and the value is none.
  pulumi(["config", "set", "--path", path, "--plaintext", ...stack, "--", args.value]);
  if (revoke)
    pulumi(["config", "set", "--path", revoke, "--plaintext", ...stack, "--", args.value]);
  return revoke ? `${path} and ${revoke}` : path;
}

/** Where the command writes. */
export interface TriggerIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The command: parses, sets, reports; returns the exit code (0 done, 1 failed, 2 usage). */
export function main(argv: string[], io: TriggerIo, pulumi: PulumiRunner = pulumiOnPath): number {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr.write(`sentry-rotation trigger: ${(err as Error).message}\n\n${TRIGGER_USAGE}`);
    return 2;
  }
  if ("help" in args) {
    io.stdout.write(TRIGGER_USAGE);
    return 0;
  }
  try {
    const path = setRotationTrigger(args, pulumi);
    const what = args.revoke ? "rotates and revokes the previous key of" : "rotates";
    io.stdout.write(
      `set ${path}: the next \`pulumi up\` ${what} "${args.entry}"; commit the stack config.\n`,
    );
    return 0;
  } catch (err) {
    io.stderr.write(`sentry-rotation trigger: ${describe(err)}\n`);
    return 1;
  }
}

function checkTriggerName(trigger: string): void {
  if (!NAME.test(trigger)) {
    throw new Error(
      `--trigger: "${trigger}" must be letters, digits, "-" or "_", starting with a letter.`,
    );
  }
}

// A failed `pulumi` run: its stderr says why (not logged in, no such stack); no values in it.
function describe(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr;
  if (typeof stderr === "string" && stderr.trim()) return `pulumi failed: ${stderr.trim()}`;
  const code = (err as { code?: unknown }).code;
  if (code === "ENOENT")
    return "the pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/).";
  return (err as Error).message;
}

// `pulumi config get --json` prints { value, objectValue, secret }; an unset key exits non-zero.
function readList(pulumi: PulumiRunner, key: string, stack: string[]): unknown {
  let out: string;
  try {
    out = pulumi(["config", "get", key, "--json", ...stack]);
  } catch (err) {
    if (/not found/.test(String((err as { stderr?: unknown }).stderr ?? err))) return undefined;
    throw err;
  }
  return (JSON.parse(out) as { objectValue?: unknown }).objectValue;
}
