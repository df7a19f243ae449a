import { describeValue } from "../../provider/describe-value";
import { FIELDS_BY_SOURCE } from "./sources";
import * as rules from "./spec-rules";
import { isRecord, type Rule } from "./spec-rules";
import { SINK_TYPES, type SinkSource, type SinkType } from "./types";

// AWS: secret names 1-512 of [A-Za-z0-9/_+=.@-]; SSM names per the SSM user guide.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const SSM_NAME = /^[A-Za-z0-9_.\-/]{1,1011}$/;
// GitHub: secret names are letters, digits and "_", not starting with a digit or GITHUB_.
const GITHUB_SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]{1,100}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

type FieldRules = Record<string, (source: SinkSource | undefined) => Rule>;

const always = (rule: Rule) => () => rule;
const field = (source: SinkSource | undefined) => rules.sinkField(source, FIELDS_BY_SOURCE);

const awsSecretName = rules.matching(
  SECRET_NAME,
  'is not a Secrets Manager name: use letters, digits and /_+=.@- (at most 512), e.g. "prod/sentry".',
);
const awsSecretId: Rule = (value) =>
  typeof value === "string" && (SECRET_ARN.test(value) || SECRET_NAME.test(value))
    ? undefined
    : `${describeValue(value)} is neither a secret name nor a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).`;

const ssmName: Rule = (value) => {
  if (typeof value !== "string" || !SSM_NAME.test(value)) {
    return `${describeValue(value)} is not a parameter name: use letters, digits and _.-/ such as "/prod/sentry/dsn".`;
  }
  if (value.includes("/") && !value.startsWith("/")) {
    return `"${value}" contains "/" so it must start with "/": write "/${value}".`;
  }
  return /^\/?(aws|ssm)/i.test(value)
    ? `"${value}" starts with "aws" or "ssm", which AWS reserves; choose another name.`
    : undefined;
};

const githubRepository: Rule = (value) => {
  if (typeof value === "string" && value.includes("/")) {
    return `"${value}" includes an owner; give the repository name alone ("${value.split("/").pop()}") and set the owner with \`pulumi config set github:owner ${value.split("/")[0]}\`.`;
  }
  return rules.matching(
    GITHUB_REPOSITORY,
    'is not a repository name: use letters, digits, "-", "_" and ".".',
  )(value);
};

const githubSecretName = rules.matching(
  GITHUB_SECRET_NAME,
  'is not a GitHub secret name: use letters, digits and "_", not starting with a digit or "GITHUB_", e.g. "SENTRY_AUTH_TOKEN".',
);

const mapOf =
  (keyRule: Rule, keyHint: string) =>
  (source: SinkSource | undefined): Rule =>
  (value) => {
    if (!isRecord(value) || Object.keys(value).length === 0) {
      return `must map at least one name to a value, such as ${keyHint}, got ${describeValue(value)}.`;
    }
    for (const [name, v] of Object.entries(value)) {
      const badName = keyRule(name);
      if (badName) return `key ${badName}`;
      const badValue = field(source)(v);
      if (badValue) return `${name}: ${badValue}`;
    }
    return undefined;
  };

const dotenvPath: Rule = (value) => {
  if (typeof value !== "string" || value.trim() === "") {
    return 'must be the .env file to write, absolute or relative to the program\'s directory, e.g. ".env".';
  }
  if (value.includes("\0")) return "must not contain a NUL character.";
  return /[\\/]$/.test(value) || value === "." || value === ".."
    ? `"${value}" names a directory; give the file inside it, e.g. "${value.replace(/[\\/]$/, "")}/.env".`
    : undefined;
};

const configMap: FieldRules[string] = (source) => (value) => {
  if (source === "orgAuthToken") {
    return "holds the public DSN for front ends; an org auth token has none (and must never go in a ConfigMap). Remove configMap.";
  }
  if (!isRecord(value))
    return `must be { name, key? }, such as { name: "sentry-public" }, got ${describeValue(value)}.`;
  const extra = Object.keys(value).filter((k) => k !== "name" && k !== "key");
  if (extra.length) return `has unknown field(s) ${extra.join(", ")}; only name and key.`;
  const name = rules.kubernetesName(value.name);
  if (name) return `name: ${name}`;
  return value.key === undefined ? undefined : prefixed("key", rules.kubernetesDataKey(value.key));
};

const restartWorkloads: Rule = (value) => {
  if (!Array.isArray(value)) {
    return `must be a list such as [{ kind: "Deployment", name: "web" }], got ${describeValue(value)}.`;
  }
  for (const [i, item] of value.entries()) {
    if (!isRecord(item)) return `[${i}]: must be { kind, name, namespace? }.`;
    if (item.kind !== "Deployment" && item.kind !== "StatefulSet") {
      return `[${i}].kind: must be "Deployment" or "StatefulSet", got ${describeValue(item.kind)}.`;
    }
    const problem =
      prefixed(`[${i}].name`, rules.kubernetesName(item.name)) ??
      (item.namespace === undefined
        ? undefined
        : prefixed(`[${i}].namespace`, rules.kubernetesNamespace(item.namespace)));
    if (problem) return problem;
    const extra = Object.keys(item).filter((k) => !["kind", "name", "namespace"].includes(k));
    if (extra.length)
      return `[${i}]: unknown field(s) ${extra.join(", ")}; only kind, name and namespace.`;
  }
  return undefined;
};

const fieldList =
  (source: SinkSource | undefined): Rule =>
  (value) => {
    if (!Array.isArray(value) || value.length === 0) {
      return `must be a non-empty list of fields, such as ["dsn", "keyId"], got ${describeValue(value)}.`;
    }
    for (const item of value) {
      const problem = field(source)(item);
      if (problem) return problem;
    }
    return new Set(value).size === value.length ? undefined : "lists a field twice.";
  };

/** Per sink type: each allowed field's rule, and which fields are required. */
const SCHEMAS: Record<SinkType, { fields: FieldRules; required: string[] }> = {
  awsSecretsManager: {
    fields: {
      name: always(awsSecretName),
      secretId: always(awsSecretId),
      description: always(rules.text(2048)),
      kmsKeyId: always(rules.text(2048)),
      tags: always(rules.stringMap),
      recoveryWindowInDays: always(rules.integer(7, 30, [0])),
      region: always(rules.awsRegion),
      fields: fieldList,
    },
    required: [],
  },
  ssmParameter: {
    fields: {
      name: always(ssmName),
      value: field,
      kmsKeyId: always(rules.text(2048)),
      description: always(rules.text(1024)),
      tags: always(rules.stringMap),
      region: always(rules.awsRegion),
    },
    required: ["name"],
  },
  kubernetesSecret: {
    fields: {
      name: always(rules.kubernetesName),
      namespace: always(rules.kubernetesNamespace),
      data: mapOf(rules.kubernetesDataKey, '{ SENTRY_DSN: "dsn" }'),
      configMap,
      restartWorkloads: always(restartWorkloads),
      labels: always(rules.stringMap),
    },
    required: ["name"],
  },
  githubActionsSecret: {
    fields: {
      repository: always(githubRepository),
      secretName: always(githubSecretName),
      environment: always(rules.text(255)),
      value: field,
    },
    required: ["repository"],
  },
  dotenvFile: {
    fields: {
      path: always(dotenvPath),
      variables: mapOf(
        rules.matching(
          ENV_NAME,
          'is not a variable name: use upper-case letters, digits and "_", not starting with a digit, e.g. "SENTRY_DSN".',
        ),
        '{ SENTRY_DSN: "dsn" }',
      ),
    },
    required: ["path"],
  },
};

/**
 * Every problem of a sink spec from stack config, each naming the entry and field
 * (`keys[0].sinks[1].path: ...`) and the fix. Pure. With `source` known, fields the key or token
 * does not provide are problems too.
 */
export function sinkSpecProblems(spec: unknown, where: string, source?: SinkSource): string[] {
  if (!isRecord(spec)) {
    return [
      `${where}: must be a sink such as { type: "dotenvFile", path: ".env" }, got ${describeValue(spec)}.`,
    ];
  }
  const type = spec.type as SinkType;
  if (!SINK_TYPES.includes(type)) {
    return [
      `${where}.type: must be one of ${SINK_TYPES.map((t) => `"${t}"`).join(", ")}, got ${describeValue(spec.type)}.`,
    ];
  }
  const schema = SCHEMAS[type];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key === "type" || value === undefined) continue;
    // Own fields only: a field named like an Object.prototype member ("constructor") is unknown.
    const rule = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    if (!rule) {
      problems.push(
        `${where}.${key}: unknown field for a ${type} sink; known fields: ${Object.keys(schema.fields).join(", ")}.`,
      );
      continue;
    }
    const problem = rule(source)(value);
    if (problem) problems.push(`${where}.${key}: ${problem}`);
  }
  for (const key of schema.required) {
    if (spec[key] === undefined) problems.push(`${where}.${key}: is required for a ${type} sink.`);
  }
  if (type === "awsSecretsManager") problems.push(...awsSecretChoiceProblems(spec, where));
  return problems;
}

// Exactly one of name (create) and secretId (existing); creation settings only with name.
function awsSecretChoiceProblems(spec: Record<string, unknown>, where: string): string[] {
  if (spec.name !== undefined && spec.secretId !== undefined) {
    return [
      `${where}: set either name (the sink creates the secret) or secretId (an existing secret), not both.`,
    ];
  }
  if (spec.name === undefined && spec.secretId === undefined) {
    return [
      `${where}.name: is required: the name of a secret to create, or give secretId (name or ARN) of an existing one.`,
    ];
  }
  if (spec.secretId === undefined) return [];
  return ["description", "kmsKeyId", "tags", "recoveryWindowInDays"]
    .filter((key) => spec[key] !== undefined)
    .map(
      (key) =>
        `${where}.${key}: applies only to a secret the sink creates (name); set it on the existing secret instead, or remove it.`,
    );
}

function prefixed(path: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${path}: ${problem}`;
}
