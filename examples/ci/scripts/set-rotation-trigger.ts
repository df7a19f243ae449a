/**
 * Emergency rotation for the config-driven stack: sets `rotationTriggers.<trigger>` of one entry of
 * `sentry-rotation:keys` or `sentry-rotation:tokens` in the stack config, so the next `pulumi up`
 * replaces that key (a changed trigger forces a rotation; see docs/resources.md). The value must
 * stay in the stack config afterwards: removing or changing it rotates the key again. Commit it.
 *
 *   node --require ts-node/register/transpile-only examples/ci/scripts/set-rotation-trigger.ts \
 *     --entry web --value "2027-01-05T03:12:00Z leaked in build log" [--stack acme/prod] [--trigger emergency]
 *
 * Needs the `pulumi` CLI on PATH, logged in to the stack's backend. The value is stored in plain
 * text in Pulumi.<stack>.yaml and in the state: never put a secret in it.
 */
import { execFileSync } from "child_process";

/** The config keys of the stack's entries (as stack/config.ts reads them). */
export const LISTS = { keys: "sentry-rotation:keys", tokens: "sentry-rotation:tokens" } as const;
/** The trigger name used when none is given. */
export const DEFAULT_TRIGGER = "emergency";

/** Parsed command-line arguments. */
export interface TriggerArgs {
  entry: string;
  value: string;
  trigger: string;
  stack?: string;
}

/**
 * The `pulumi config set --path` path of the entry's trigger, e.g.
 * `sentry-rotation:keys[2].rotationTriggers.emergency`. Pure: `lists` holds the parsed values of
 * both config keys (undefined when unset). Throws naming the known entries when `entry` is absent.
 */
export function triggerPath(
  lists: { keys?: unknown; tokens?: unknown },
  entry: string,
  trigger = DEFAULT_TRIGGER,
): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(trigger)) {
    throw new Error(
      `--trigger: "${trigger}" must be letters, digits, "-" or "_", starting with a letter.`,
    );
  }
  const known: string[] = [];
  for (const list of ["keys", "tokens"] as const) {
    const entries = Array.isArray(lists[list]) ? (lists[list] as unknown[]) : [];
    const index = entries.findIndex((e) => (e as { name?: unknown } | null)?.name === entry);
    if (index >= 0) return `${LISTS[list]}[${index}].rotationTriggers.${trigger}`;
    known.push(...entries.map((e) => String((e as { name?: unknown } | null)?.name)));
  }
  throw new Error(
    `--entry: no entry named "${entry}" in ${LISTS.keys} or ${LISTS.tokens}; known entries: ${known.join(", ") || "none"}. Use the entry's name field, as in Pulumi.<stack>.yaml.`,
  );
}

/** Parses `--entry`, `--value`, `--trigger`, `--stack`; throws naming the missing or unknown flag. */
export function parseArgs(argv: string[]): TriggerArgs {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    if (!["--entry", "--value", "--trigger", "--stack"].includes(flag)) {
      throw new Error(
        `unknown argument "${flag}"; use --entry <name> --value <text> [--trigger <name>] [--stack <stack>].`,
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
  };
}

/** Runs `pulumi` with the given arguments (and `--stack` when set); returns stdout. */
export type PulumiRunner = (args: string[]) => string;

/** The CLI on PATH, in the current directory. */
export const pulumiOnPath: PulumiRunner = (args) =>
  execFileSync("pulumi", ["--non-interactive", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

/** Reads the entries, sets the trigger, and returns the path it set. */
export function setRotationTrigger(args: TriggerArgs, pulumi: PulumiRunner = pulumiOnPath): string {
  const stack = args.stack ? ["--stack", args.stack] : [];
  const lists = {
    keys: readList(pulumi, LISTS.keys, stack),
    tokens: readList(pulumi, LISTS.tokens, stack),
  };
  const path = triggerPath(lists, args.entry, args.trigger);
  // --plaintext: a path under "tokens" looks like a secret to pulumi, and the value is none.
  pulumi(["config", "set", "--path", path, "--plaintext", ...stack, "--", args.value]);
  return path;
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

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const path = setRotationTrigger(args);
    console.log(
      `set ${path}: the next \`pulumi up\` rotates "${args.entry}"; commit the stack config.`,
    );
  } catch (err) {
    console.error(`set-rotation-trigger: ${(err as Error).message}`);
    process.exit(1);
  }
}
