/**
 * The package's resources and components described against their TypeScript types: every input
 * and output of each kind has a schema description here, or the file does not compile.
 */
import type {
  ClientKeyPairInputs,
  ClientKeyPairOutputs,
  CurrentKey,
  PreviousKey,
} from "../../provider/resources/client-key-pair/types";
import type {
  ClientKeyInputs,
  ClientKeyOutputs,
  LoaderOptions,
} from "../../provider/resources/client-key/types";
import type {
  DotenvFileInputs,
  DotenvFileOutputs,
} from "../../provider/resources/dotenv-file/types";
import type {
  OrgAuthTokenInputs,
  OrgAuthTokenOutputs,
  UnconfirmedTokenCreate,
} from "../../provider/resources/org-auth-token/types";
import type {
  CurrentSettings,
  PreviousSettings,
  ProjectSecurityInputs,
  ProjectSecurityOutputs,
} from "../../provider/resources/project-security/types";
import type {
  SinkReceiptInputs,
  SinkReceiptOutputs,
} from "../../provider/resources/sink-receipt/types";
import { DSN_FORMS } from "../../provider/sentry/dsn-forms";
import type { RetirementGate, RetirementHold } from "../../provider/lifecycle/retirement-gate";
import type { CronRotationWindow, WeeklyRotationWindow } from "../../provider/rotation/window";
import type { Connection, ProviderSettings } from "../../provider/settings";
import {
  boolean,
  integer,
  type PropertySpec,
  type PropertySpecs,
  ref,
  secretString,
  string,
  stringList,
  stringMap,
} from "./property";

/** Outputs only (the inputs are described with the inputs). */
type OutputsOnly<Outputs, Inputs> = Omit<Outputs, keyof Inputs>;

/** One resource (or component) kind as the schema and the plugin see it. */
export interface KindDescription {
  /** What it is, for the schema and generated SDK docs. */
  description: string;
  inputs: Readonly<Record<string, PropertySpec>>;
  /** Inputs a program must give. */
  requiredInputs: readonly string[];
  /** Outputs besides the inputs (every input is an output too). */
  outputs: Readonly<Record<string, PropertySpec>>;
  /** Outputs always present. */
  requiredOutputs: readonly string[];
  /** The dynamic-provider type of the same kind: the plugin resource aliases it (migration). */
  dynamicType?: string;
  /** A component served through Construct. */
  isComponent?: boolean;
}

/** The organization of a resource: the provider's unless stated; another one replaces it. */
const ORGANIZATION = string(
  "Organization slug; defaults to the provider's `organization` (config `sentry-rotation:organization`, then SENTRY_ORG).",
  { willReplaceOnChanges: true },
);

/** When scheduled rotations may happen (both front doors read it the same way). */
const ROTATION_WINDOW = ref(
  "RotationWindow",
  "When scheduled rotations may happen: a due key waits for the next opening (a change of `rotationTriggers` does not).",
);

/** A resource's own Sentry and token, instead of the provider's: a secret as a whole. */
const CONNECTION = {
  ...ref(
    "Connection",
    "The Sentry this resource's keys live in and the API token for it, instead of the provider's (docs/resources.md#one-connection-per-resource). A new url replaces the key there; a new token or organization is stored in place.",
  ),
  secret: true,
} as const satisfies PropertySpec;

/** The schedule in words, under which the preview's story hangs. */
const ROTATION_TEXT = string(
  "The schedule in words (`next at <when> (rotateEvery 90d)`); `pulumi preview --diff` shows why and how a key rotates under it.",
);

const CLIENT_KEY_INPUTS = {
  organization: ORGANIZATION,
  project: string("Project slug the key belongs to.", { willReplaceOnChanges: true }),
  name: string("Key name shown in Sentry (at most 64 characters)."),
  rotateEvery: string('Rotation period such as "90d" or "P90D"; without it the key never rotates.'),
  rotationTriggers: stringMap(
    "Any change to a value here forces a rotation now (emergencies: a leaked DSN).",
    { willReplaceOnChanges: true },
  ),
  rateLimit: ref(
    "RateLimit",
    "Ingest rate limit of this key: `count` events per `window` seconds.",
  ),
  browserSdkVersion: string(
    'JavaScript loader SDK version: "latest" or "<major>.x"; kept as Sentry has it when omitted.',
  ),
  dynamicSdkLoaderOptions: ref("LoaderOptions", "JavaScript loader feature flags."),
  dsnForms: stringList(
    `The DSN forms to keep in \`dsn\`: any of ${DSN_FORMS.join(", ")}, or "all"; none by default. Each form adds state to every checkpoint of a rotation.`,
  ),
  isActive: boolean("Whether the key accepts events (default true)."),
  onReplace: string(
    'What happens to the old key on rotation or destroy: "delete" (default) or "deactivate".',
  ),
  existingKeyId: string(
    "Adopt this existing key (its 32-hex id, as in the DSN) instead of creating one; read on the first create only. With the plugin, `pulumi import` does the same.",
  ),
  rotationWindow: ROTATION_WINDOW,
  connection: CONNECTION,
} as const satisfies PropertySpecs<ClientKeyInputs, "auditUrn">;

const CLIENT_KEY_OUTPUTS = {
  keyId: string("The key id: its 32-hex public key."),
  publicKey: string("The public key (same as keyId)."),
  secretKey: secretString("The secret key (legacy)."),
  dsnPublic: string("The DSN SDKs are configured with."),
  dsnSecret: secretString("The DSN including the secret key (legacy server SDKs)."),
  dsnCsp: string("The CSP report URL."),
  dsn: stringMap(
    "The DSN forms named in `dsnForms` (security, minidump, cdn, otlp_traces, ...), none secret.",
  ),
  projectId: integer("Numeric project id."),
  createdAt: string("When Sentry created the key (ISO 8601)."),
  rotateAt: string("When the key is due for rotation (ISO 8601); absent without `rotateEvery`."),
  currentBrowserSdkVersion: string("The loader version Sentry reports."),
  rotation: ROTATION_TEXT,
} as const satisfies PropertySpecs<OutputsOnly<ClientKeyOutputs, ClientKeyInputs>>;

const PAIR_INPUTS = {
  ...CLIENT_KEY_INPUTS,
  rotateEvery: string('Rotation period such as "30d".'),
  overlap: string(
    "How long the previous key stays valid after its successor is live (at most `rotateEvery`).",
  ),
  retirement: ref(
    "RetirementGate",
    "Usage-gated retirement: a previous key Sentry shows in use within `quietPeriod` is held, and retired once quiet or after `maxHold`.",
  ),
  revokePrevious: string(
    "Emergency revoke: a new value removes the previous key now, ignoring the overlap and any usage (plain text, never the leaked value).",
  ),
} as const satisfies PropertySpecs<ClientKeyPairInputs, "auditUrn">;

const PAIR_OUTPUTS = {
  current: ref("CurrentKey", "The key in use (no secrets: see `dsnSecret`, `secretKey`)."),
  previous: ref("PreviousKey", "The key current before the last rotation, while it exists."),
  retiring: stringList("Keys whose removal is pending from a failed run."),
  secretKey: secretString("The current key's secret key."),
  dsnSecret: secretString("The current key's secret DSN."),
  previousDsnSecret: secretString("The previous key's secret DSN."),
  nextRotationAt: string("When the next rotation is due (ISO 8601)."),
  rotation: ROTATION_TEXT,
} as const satisfies PropertySpecs<OutputsOnly<ClientKeyPairOutputs, ClientKeyPairInputs>>;

const ORG_AUTH_TOKEN_INPUTS = {
  organization: ORGANIZATION,
  name: string("Token name shown in Sentry (at most 255 characters)."),
  rotateEvery: string(
    'Rotation period such as "30d" or "P30D"; without it the token never rotates.',
  ),
  rotationTriggers: stringMap(
    "Any change to a value here forces a rotation now (a leaked token).",
    {
      willReplaceOnChanges: true,
    },
  ),
  rotationWindow: ROTATION_WINDOW,
  connection: CONNECTION,
} as const satisfies PropertySpecs<OrgAuthTokenInputs, "auditUrn">;

const ORG_AUTH_TOKEN_OUTPUTS = {
  tokenId: string("Token id."),
  token: secretString(
    "The token (`sntrys_...`), known only from its creation (empty after `pulumi import` until the next rotation).",
  ),
  tokenLastCharacters: string("The token's last characters, for recognising it in Sentry's UI."),
  scopes: stringList("The token's scopes (org:ci)."),
  createdAt: string("When Sentry created the token (ISO 8601)."),
  rotateAt: string("When the token is due for rotation (ISO 8601); absent without `rotateEvery`."),
  unconfirmedCreate: ref(
    "UnconfirmedTokenCreate",
    "Set when Sentry never confirmed the create: the next `up` revokes what it made.",
  ),
  rotation: ROTATION_TEXT,
} as const satisfies PropertySpecs<OutputsOnly<OrgAuthTokenOutputs, OrgAuthTokenInputs>>;

const DOTENV_FILE_INPUTS = {
  path: string("Absolute path of the file (the plugin's working directory is not the program's)."),
  variables: stringMap("Variable name to value; the values are secrets.", { secret: true }),
} as const satisfies PropertySpecs<DotenvFileInputs>;

const DOTENV_FILE_OUTPUTS = {
  variableNames: stringList("The managed variable names, sorted."),
  contentHash: string("SHA-256 of the managed lines as written."),
  createdFile: boolean("Whether this resource created the file."),
} as const satisfies PropertySpecs<OutputsOnly<DotenvFileOutputs, DotenvFileInputs>>;

const SINK_RECEIPT_INPUTS = {
  keyType: string('"client-key" or "org-auth-token".'),
  organization: string("Organization slug."),
  project: string("Project slug (client keys)."),
  keyId: string("The delivered key's id."),
  tokenLastCharacters: string("The token's last characters (org auth tokens)."),
  sink: string("Where the key was delivered; never a value."),
  auditUrn: string("The URN of the rotating key, so the event joins that key's trail."),
} as const satisfies PropertySpecs<SinkReceiptInputs>;

const SINK_RECEIPT_OUTPUTS = {
  deliveredAt: string("When the delivery was recorded (ISO 8601)."),
} as const satisfies PropertySpecs<OutputsOnly<SinkReceiptOutputs, SinkReceiptInputs>>;

/** The rotating key outputs of the components (each a property of `current` and `previous`). */
const ROTATING_KEY_FIELDS = {
  keyId: string("The key id (its 32-hex public key)."),
  dsnPublic: string("The DSN SDKs use."),
  dsnSecret: secretString("The DSN with the secret key."),
  isActive: boolean("Whether Sentry accepts events for it."),
  createdAt: string("When Sentry created it."),
  rotateAt: string(
    "For the current key, when it rotates; for the previous key, when it is deactivated.",
  ),
};

const SINKS = {
  type: "array",
  items: { $ref: "#/types/sentry-rotation:index:Sink" },
  description:
    "Where the key is delivered, updated after a new key exists and before the old goes.",
} as const satisfies PropertySpec;

/** The kinds the plugin serves, by type token name. */
const PROJECT_SECURITY_INPUTS = {
  organization: ORGANIZATION,
  project: string("Project slug whose settings this resource manages.", {
    willReplaceOnChanges: true,
  }),
  allowedDomains: stringList(
    'Origins allowed to send events from a browser: "*" (any), "https://app.example.com", "*.example.com", "example.com". Relay refuses a browser event whose Origin (else Referer) matches none with a 403; requests without either header are never refused. Compared as a set.',
  ),
  scrapeJavaScript: boolean(
    "Let Sentry fetch JavaScript sources and source maps; not managed when omitted.",
  ),
  securityToken: secretString(
    "The token Sentry sends (in `securityTokenHeader`) when it fetches sources; not managed when omitted.",
  ),
  securityTokenHeader: string(
    "The header for `securityToken` (Sentry's default X-Sentry-Token); not managed when omitted.",
  ),
  verifySSL: boolean("Verify TLS certificates when fetching sources; not managed when omitted."),
  scrubIPAddresses: boolean("Never store events' IP addresses; not managed when omitted."),
  onDelete: string(
    'On delete: "keep" (default: the settings stay) or "restore" (what the project had before this resource changed it).',
  ),
} as const satisfies PropertySpecs<ProjectSecurityInputs, "auditUrn">;

const PROJECT_SECURITY_OUTPUTS = {
  projectId: string("Numeric project id."),
  current: ref(
    "SecuritySettings",
    "Every setting as Sentry held it at the last apply or refresh (the token apart): what the diff compares.",
  ),
  currentSecurityToken: secretString("The security token Sentry holds."),
  previous: {
    ...ref(
      "PreviousSecuritySettings",
      'What the project held before this resource first changed it: what `onDelete: "restore"` puts back.',
    ),
    secret: true,
  },
} as const satisfies PropertySpecs<OutputsOnly<ProjectSecurityOutputs, ProjectSecurityInputs>>;

/** Every security setting as Sentry holds it, but the token. */
const SECURITY_SETTINGS_FIELDS = {
  allowedDomains: stringList("Allowed domains."),
  scrapeJavaScript: boolean("Whether Sentry fetches JavaScript sources."),
  securityTokenHeader: string("The header of the security token (none: Sentry's default)."),
  verifySSL: boolean("Whether TLS certificates are verified when fetching sources."),
  scrubIPAddresses: boolean("Whether events' IP addresses are dropped."),
} as const satisfies PropertySpecs<CurrentSettings>;

export const KINDS = {
  ClientKey: {
    description:
      "A Sentry project client key (a DSN) that rotates itself: once `rotateEvery` has passed, the next `pulumi up` creates a new key, updates its dependents, then removes the old key. Id `org/project/keyId` (the form `pulumi import` takes).",
    inputs: CLIENT_KEY_INPUTS,
    requiredInputs: ["project", "name"],
    outputs: CLIENT_KEY_OUTPUTS,
    requiredOutputs: [
      "organization",
      "project",
      "name",
      "keyId",
      "publicKey",
      "secretKey",
      "dsnPublic",
      "dsnSecret",
      "dsnCsp",
      "dsn",
      "projectId",
      "createdAt",
      "isActive",
      "onReplace",
    ],
    dynamicType: "pulumi-nodejs:dynamic/sentry:ClientKey",
  },
  ClientKeyPair: {
    description:
      "Two client keys with an overlap window: on rotation a new key becomes current and the old one stays valid for `overlap`, is then deactivated, and is deleted at the next rotation at the latest.",
    inputs: PAIR_INPUTS,
    requiredInputs: ["project", "name", "rotateEvery", "overlap"],
    outputs: PAIR_OUTPUTS,
    requiredOutputs: [
      "organization",
      "project",
      "name",
      "rotateEvery",
      "overlap",
      "current",
      "retiring",
      "secretKey",
      "dsnSecret",
      "nextRotationAt",
    ],
    dynamicType: "pulumi-nodejs:dynamic/sentry:ClientKeyPair",
  },
  OrgAuthToken: {
    description:
      "A Sentry organization auth token (`sntrys_`, scope org:ci) that rotates itself like ClientKey. Needs a token with org:write. Id `org/tokenId`.",
    inputs: ORG_AUTH_TOKEN_INPUTS,
    requiredInputs: ["name"],
    outputs: ORG_AUTH_TOKEN_OUTPUTS,
    requiredOutputs: [
      "organization",
      "name",
      "tokenId",
      "token",
      "tokenLastCharacters",
      "scopes",
      "createdAt",
    ],
    dynamicType: "pulumi-nodejs:dynamic/sentry:OrgAuthToken",
  },
  DotenvFile: {
    description:
      "A dotenv file holding some variables, written atomically with mode 0600 (the dotenvFile sink's resource). State holds names and a hash, never a value.",
    inputs: DOTENV_FILE_INPUTS,
    requiredInputs: ["path", "variables"],
    outputs: DOTENV_FILE_OUTPUTS,
    requiredOutputs: ["path", "variableNames", "contentHash", "createdFile"],
    dynamicType: "pulumi-nodejs:dynamic/sentry:DotenvFile",
  },
  SinkReceipt: {
    description:
      "Proof that a sink holds a key: records a `sink-updated` audit event (the rotating components make one per sink).",
    inputs: SINK_RECEIPT_INPUTS,
    requiredInputs: ["keyType", "keyId", "sink"],
    outputs: SINK_RECEIPT_OUTPUTS,
    requiredOutputs: ["keyType", "organization", "keyId", "sink", "deliveredAt"],
    dynamicType: "pulumi-nodejs:dynamic/sentry:SinkReceipt",
  },
  ProjectSecurity: {
    description:
      "A project's allowed domains and the security settings beside them, with drift detection: a stated setting Sentry holds otherwise is set back on the next `pulumi up`; a setting left out is read, never changed. Id `org/project` (the form `pulumi import` takes: the settings are adopted as they are, nothing changes).",
    inputs: PROJECT_SECURITY_INPUTS,
    requiredInputs: ["project", "allowedDomains"],
    outputs: PROJECT_SECURITY_OUTPUTS,
    requiredOutputs: [
      "organization",
      "project",
      "allowedDomains",
      "onDelete",
      "projectId",
      "current",
      "currentSecurityToken",
      "previous",
    ],
    dynamicType: "pulumi-nodejs:dynamic/sentry:ProjectSecurity",
  },
  RotatingClientKey: {
    description:
      "A client key that rotates on schedule and delivers itself to its sinks: a ClientKey, or a ClientKeyPair with `overlap`.",
    inputs: {
      ...CLIENT_KEY_INPUTS,
      overlap: string(
        "How long the old key stays valid after its successor is live; without it the old key goes at once.",
      ),
      retirement: PAIR_INPUTS.retirement,
      revokePrevious: PAIR_INPUTS.revokePrevious,
      sinks: SINKS,
    },
    requiredInputs: ["project", "name"],
    outputs: {
      current: ref("RotatingKey", "The key in use; what sinks receive."),
      previous: ref("RotatingKey", "The key before the last rotation (with `overlap`)."),
      nextRotationAt: string("When the next rotation is due."),
    },
    requiredOutputs: ["current"],
    isComponent: true,
  },
  RotatingOrgAuthToken: {
    description: "An org auth token that rotates on schedule and delivers itself to its sinks.",
    inputs: { ...ORG_AUTH_TOKEN_INPUTS, sinks: SINKS },
    requiredInputs: ["name"],
    outputs: {
      tokenId: string("The token's id."),
      token: secretString("The token (`sntrys_...`)."),
      tokenLastCharacters: string("Its last characters, as Sentry's UI shows them."),
      createdAt: string("When Sentry created it."),
      nextRotationAt: string("When the next rotation is due."),
    },
    requiredOutputs: ["tokenId", "token", "tokenLastCharacters", "createdAt"],
    isComponent: true,
  },
} as const satisfies Record<string, KindDescription>;

/** A kind the plugin serves. */
export type PluginKind = keyof typeof KINDS;

/** The object types the kinds refer to. */
export const TYPES = {
  RateLimit: {
    description: "An ingest rate limit.",
    properties: { window: integer("Window in seconds."), count: integer("Events per window.") },
    required: ["window", "count"],
  },
  LoaderOptions: {
    description: "The JavaScript loader's feature flags.",
    properties: {
      hasReplay: boolean("Load Session Replay."),
      hasPerformance: boolean("Load tracing."),
      hasDebug: boolean("Load the debug bundle."),
      hasFeedback: boolean("Load user feedback."),
      hasLogsAndMetrics: boolean("Load logs and metrics."),
    } satisfies PropertySpecs<LoaderOptions>,
    required: [],
  },
  CurrentKey: {
    description: "The key in use of a ClientKeyPair.",
    properties: {
      ...pairKeyFields(),
      rotateAt: string("When it is replaced by a new key."),
      missing: boolean("Set by refresh when the key was deleted in Sentry."),
      unconfirmed: boolean("Set when Sentry never confirmed the create of the first key."),
    } satisfies PropertySpecs<CurrentKey>,
    required: ["keyId"],
  },
  PreviousKey: {
    description: "The key current before the last rotation, valid during the overlap.",
    properties: {
      ...pairKeyFields(),
      deactivateAt: string("When it is deactivated."),
      deleteAt: string("When it is deleted at the latest."),
      retirementHold: ref(
        "RetirementHold",
        "Set while its retirement is held because Sentry shows it still in use.",
      ),
    } satisfies PropertySpecs<PreviousKey>,
    required: ["keyId", "deactivateAt", "deleteAt"],
  },
  UnconfirmedTokenCreate: {
    description: "What tells apart a token made by a create Sentry never confirmed.",
    properties: {
      tokensBefore: stringList("Ids of the organization's tokens before the create."),
    } satisfies PropertySpecs<UnconfirmedTokenCreate>,
    required: ["tokensBefore"],
  },
  RotationWindow: {
    description:
      "When scheduled rotations may happen: `startTime` (with optional `daysOfWeek`) or a 5-field `cron`, each open for `duration`, read in `timeZone` (default UTC).",
    properties: {
      daysOfWeek: stringList('Days the window opens ("Mon".."Sun"); every day when omitted.'),
      startTime: string('Local start time, "HH:MM" (24-hour).'),
      cron: string('5-field cron expression, such as "0 2 * * 1-5" (instead of startTime).'),
      duration: string('How long the window stays open, such as "4h".'),
      timeZone: string('IANA time zone, such as "Europe/Berlin" (default "UTC").'),
    } satisfies PropertySpecs<WeeklyRotationWindow & CronRotationWindow>,
    required: ["duration"],
  },
  RetirementGate: {
    description: "When a previous key may be retired: once quiet, or after the longest hold.",
    properties: {
      quietPeriod: string('No error events with the key in this period (default "24h").'),
      maxHold: string('Retired anyway once held this long (default "7d").'),
    } satisfies PropertySpecs<RetirementGate>,
    required: [],
  },
  RetirementHold: {
    description: "A held retirement: since when, until when at the latest, what the last run read.",
    properties: {
      since: string("When a run first found the key in use (ISO 8601)."),
      until: string("When it is retired even if still in use (ISO 8601)."),
      usage: { $ref: "pulumi.json#/Any", description: "What the last run read of its usage." },
    } satisfies PropertySpecs<RetirementHold>,
    required: ["since", "until"],
  },
  SecuritySettings: {
    description: "A project's security settings as Sentry holds them (the token apart).",
    properties: SECURITY_SETTINGS_FIELDS,
    required: ["allowedDomains", "scrapeJavaScript", "verifySSL", "scrubIPAddresses"],
  },
  PreviousSecuritySettings: {
    description: "A project's security settings before a ProjectSecurity first changed them.",
    properties: {
      ...SECURITY_SETTINGS_FIELDS,
      securityToken: secretString("The security token the project had."),
    } satisfies PropertySpecs<PreviousSettings>,
    required: ["allowedDomains", "scrapeJavaScript", "verifySSL", "scrubIPAddresses"],
  },
  Connection: {
    description: "One Sentry and the API token for it (a secret as a whole).",
    properties: {
      url: string("The Sentry base URL, e.g. https://sentry.io."),
      organization: string("The organization slug its keys default to."),
      authToken: secretString("The API token for this Sentry."),
    } satisfies PropertySpecs<Connection>,
    required: ["url", "authToken"],
  },
  RotatingKey: {
    description: "One key of a RotatingClientKey.",
    properties: ROTATING_KEY_FIELDS,
    required: [],
  },
  Sink: {
    description:
      "A sink as plain data: `type` is awsSecretsManager, ssmParameter, kubernetesSecret, githubActionsSecret or dotenvFile; the other fields are those of that type (docs/sinks.md).",
    properties: {
      type: string("The sink type."),
      name: string("Secret, parameter or Kubernetes Secret name."),
      secretId: string("An existing AWS secret (awsSecretsManager)."),
      path: string("The .env file (dotenvFile)."),
      repository: string("GitHub repository (githubActionsSecret)."),
      environment: string("GitHub deployment environment (githubActionsSecret)."),
      secretName: string("GitHub secret name (githubActionsSecret)."),
      namespace: string("Kubernetes namespace (kubernetesSecret)."),
      value: string("The value delivered (ssmParameter, githubActionsSecret)."),
      region: string("AWS region."),
      kmsKeyId: string("KMS key."),
      description: string("Description."),
      recoveryWindowInDays: integer("AWS recovery window."),
      variables: stringMap("Variable name to value field (dotenvFile)."),
      data: stringMap("Secret data key to value field (kubernetesSecret)."),
      tags: stringMap("Tags."),
      labels: stringMap("Labels."),
      fields: stringList("JSON fields (awsSecretsManager)."),
    },
    required: ["type"],
  },
} as const;

function pairKeyFields() {
  return {
    keyId: string("The key id."),
    dsnPublic: string("Its public DSN."),
    dsnCsp: string("Its CSP report URL."),
    dsn: stringMap("Its DSN forms named in the pair's `dsnForms`."),
    projectId: integer("Numeric project id."),
    isActive: boolean("Whether it accepts events."),
    createdAt: string("When Sentry created it."),
    currentBrowserSdkVersion: string("The loader version Sentry reports."),
  };
}

/** The provider's configuration (`sentry-rotation:<key>`, or an explicit provider's inputs). */
export const PROVIDER_CONFIG = {
  url: string("The Sentry base URL (default https://sentry.io, or SENTRY_URL)."),
  organization: string("The default organization slug (or SENTRY_ORG)."),
  authToken: secretString("The Sentry API token (or SENTRY_AUTH_TOKEN)."),
  auditLog: string(
    "Append audit events as JSON lines to this file (or SENTRY_ROTATION_AUDIT_LOG).",
  ),
  auditWebhook: secretString("POST audit events to this URL (or SENTRY_ROTATION_AUDIT_WEBHOOK)."),
  overdueGrace: string(
    'How long past rotateAt a key may stay before it is reported overdue (default "1d").',
  ),
} as const satisfies PropertySpecs<ProviderSettings>;

/** The properties of a kind marked secret in its description (inputs and outputs). */
export function secretProperties(kind: PluginKind): string[] {
  const { inputs, outputs } = KINDS[kind] as KindDescription;
  return Object.entries({ ...inputs, ...outputs })
    .filter(([, spec]) => spec.secret === true)
    .map(([name]) => name);
}
