/**
 * Small validators for sink settings as plain data (stack config). Each returns a problem (what is
 * wrong and what to write instead) or undefined; the caller prefixes the field's path.
 */
import { describeValue } from "../../provider/describe-value";
import { SINK_FIELDS, type SinkField, type SinkSource } from "./types";

/** A validator for one setting. */
export type Rule = (value: unknown) => string | undefined;

const show = describeValue;

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string matching `pattern`; `hint` says what a good one looks like. */
export const matching =
  (pattern: RegExp, hint: string): Rule =>
  (value) =>
    typeof value === "string" && pattern.test(value) ? undefined : `${show(value)} ${hint}`;

/** A non-blank string of at most `max` characters. */
export const text =
  (max: number): Rule =>
  (value) => {
    if (typeof value !== "string" || value.trim() === "") {
      return `must be a non-blank string, got ${show(value)}.`;
    }
    return value.length > max ? `is ${value.length} characters long; at most ${max}.` : undefined;
  };

/** A map of strings (tags, labels). */
export const stringMap: Rule = (value) => {
  if (!isRecord(value))
    return `must be a map of strings, such as { team: "web" }, got ${show(value)}.`;
  const bad = Object.entries(value).find(([, v]) => typeof v !== "string");
  return bad ? `value of "${bad[0]}" must be a string, got ${show(bad[1])}.` : undefined;
};

/** An AWS region name such as "eu-west-1". */
export const awsRegion = matching(
  /^[a-z]{2}(-[a-z]+)+-\d+$/,
  'is not an AWS region: use a region name such as "eu-west-1".',
);

/** A Kubernetes object name (DNS subdomain: lower-case letters, digits, "-" and "."). */
export const kubernetesName = matching(
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
  'is not a Kubernetes name: use lower-case letters, digits, "-" and "." (at most 253), starting and ending with a letter or digit, e.g. "sentry-dsn".',
);

/** A Kubernetes namespace (DNS label). */
export const kubernetesNamespace = matching(
  /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'is not a Kubernetes namespace: use lower-case letters, digits and "-" (at most 63), e.g. "web".',
);

/** A Secret or ConfigMap data key. */
export const kubernetesDataKey = matching(
  /^(?=.{1,253}$)[-._a-zA-Z0-9]+$/,
  'is not a valid data key: use letters, digits, "-", "_" and "." (at most 253), e.g. "SENTRY_DSN".',
);

/** One of the sink fields, available from `source` when it is known. */
export const sinkField =
  (source: SinkSource | undefined, available: Record<SinkSource, readonly SinkField[]>): Rule =>
  (value) => {
    if (typeof value !== "string" || !(SINK_FIELDS as readonly string[]).includes(value)) {
      return `must be one of ${SINK_FIELDS.map((f) => `"${f}"`).join(", ")}, got ${show(value)}.`;
    }
    if (source && !available[source].includes(value as SinkField)) {
      const what = source === "orgAuthToken" ? "an org auth token" : "a client key";
      return `"${value}" is not available from ${what}; use one of ${available[source].map((f) => `"${f}"`).join(", ")}.`;
    }
    return undefined;
  };

/** A whole number from `min` to `max`, or one of `also`. */
export const integer =
  (min: number, max: number, also: number[] = []): Rule =>
  (value) =>
    Number.isInteger(value) &&
    (also.includes(value as number) || ((value as number) >= min && (value as number) <= max))
      ? undefined
      : `must be ${also.length ? `${also.join(" or ")}, or ` : ""}a whole number from ${min} to ${max}, got ${show(value)}.`;
