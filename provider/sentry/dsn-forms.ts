/**
 * The DSN forms Sentry reports for a key besides its public and secret DSN (`dsn` of
 * `GET /api/0/projects/{org}/{project}/keys/{id}/`), and the pick a resource keeps of them. A key
 * keeps only the forms asked for (`dsnForms`): each form is a URL of about 90 bytes, all of them
 * about 1 KB, stored once per key and copied again for the key that replaces it, and the engine
 * rewrites the whole state after every step of a rotation (docs/performance.md).
 */
import { describeValue } from "../describe-value";
import type { ProjectKeyDsn } from "./types";

/** The forms a key can keep, as Sentry names them. */
export const DSN_FORMS = [
  "csp",
  "security",
  "minidump",
  "nel",
  "unreal",
  "crons",
  "cdn",
  "playstation",
  "integration",
  "otlp_traces",
  "otlp_logs",
] as const;

/** One of {@link DSN_FORMS}. */
export type DsnForm = (typeof DSN_FORMS)[number];

/** Every form Sentry reports for the key, present and future (the secret DSN never). */
export const ALL_DSN_FORMS = "all";

/** The forms a key keeps, by name; only those asked for in `dsnForms`. */
export type DsnVariants = Partial<Record<DsnForm, string>> & Record<string, string>;

/**
 * The forms of `dsn` named in `forms` (every form but the secret and public DSN for "all"),
 * leaving out any Sentry did not report. Pure.
 */
export function pickDsnForms(
  dsn: ProjectKeyDsn,
  forms: readonly string[] | undefined,
): DsnVariants {
  const wanted = forms ?? [];
  const all = wanted.includes(ALL_DSN_FORMS);
  const picked: Record<string, string> = {};
  for (const [form, url] of Object.entries(dsn)) {
    if (form === "secret" || form === "public" || typeof url !== "string") continue;
    if (all || wanted.includes(form)) picked[form] = url;
  }
  return picked;
}

/** Why `value` is not a list of DSN forms, or undefined when it is. Pure. */
export function dsnFormsProblem(value: unknown): string | undefined {
  const choices = `${DSN_FORMS.join(", ")}, or "${ALL_DSN_FORMS}" (the public DSN is always dsnPublic, the secret one dsnSecret)`;
  if (!Array.isArray(value)) {
    return `must be a list of DSN forms such as ["csp", "security"]: any of ${choices}.`;
  }
  const names: readonly string[] = [...DSN_FORMS, ALL_DSN_FORMS];
  const bad = value.find((form) => typeof form !== "string" || !names.includes(form));
  if (bad !== undefined) {
    return `${describeValue(bad)} is not a DSN form: use any of ${choices}.`;
  }
  const twice = value.find((form, i) => value.indexOf(form) !== i);
  return twice !== undefined ? `"${twice}" is listed twice: name each form once.` : undefined;
}
