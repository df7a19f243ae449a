/**
 * Reads a `pulumi stack export` document: the resources of one stack, as plain records. Pure.
 * Outputs are kept as they are, secrets included as the engine stores them (ciphertext envelopes):
 * the model picks known non-secret fields only, so nothing secret is ever decrypted or printed.
 */
import { ReportInputError } from "./errors";

/** One resource of a stack's state. */
export interface StateResource {
  urn: string;
  type: string;
  custom: boolean;
  id?: string;
  /** The parent's URN. */
  parent?: string;
  outputs: Record<string, unknown>;
  /** A replaced resource whose delete failed: it still exists until the next `pulumi up`. */
  pendingDelete: boolean;
}

/** The stack an export describes, and its resources. */
export interface StackState {
  /** Where it was read from (a file name or "stdin"), for messages. */
  source: string;
  /** The stack name, from the resources' URNs ("" for an empty stack). */
  stack: string;
  resources: StateResource[];
}

const EXPORT_FIX =
  "pass the JSON that `pulumi stack export` prints (for example `pulumi stack export --file state.json`, then `sentry-rotation report state.json`)";

/** Parses the text of an export; throws {@link ReportInputError} naming `source` when it is not one. */
export function parseStackExport(text: string, source: string): StackState {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    const why = text.trim() === "" ? "it is empty" : `it is not JSON (${(err as Error).message})`;
    throw new ReportInputError(source, `${why}; ${EXPORT_FIX}.`);
  }
  const deployment = isRecord(document) ? document.deployment : undefined;
  if (!isRecord(deployment)) {
    const hint =
      isRecord(document) && !("version" in document)
        ? " It looks like stack outputs (`pulumi stack output --json`), which hold no keys' state;"
        : "";
    throw new ReportInputError(
      source,
      `not a \`pulumi stack export\` document (no "deployment" object).${hint} ${EXPORT_FIX}.`,
    );
  }
  const raw = deployment.resources ?? [];
  if (!Array.isArray(raw)) {
    throw new ReportInputError(source, `"deployment.resources" is not a list; ${EXPORT_FIX}.`);
  }
  const resources = raw.map((entry, i) =>
    toResource(entry, `${source}: deployment.resources[${i}]`),
  );
  return { source, stack: stackOf(resources), resources };
}

function toResource(entry: unknown, where: string): StateResource {
  if (!isRecord(entry) || typeof entry.urn !== "string" || typeof entry.type !== "string") {
    throw new ReportInputError(
      where,
      `a resource needs a "urn" and a "type" string; the export was altered or truncated: export the stack again.`,
    );
  }
  return {
    urn: entry.urn,
    type: entry.type,
    custom: entry.custom === true,
    ...(typeof entry.id === "string" ? { id: entry.id } : {}),
    ...(typeof entry.parent === "string" ? { parent: entry.parent } : {}),
    outputs: isRecord(entry.outputs) ? entry.outputs : {},
    pendingDelete: entry.delete === true,
  };
}

function stackOf(resources: StateResource[]): string {
  for (const resource of resources) {
    const match = /^urn:pulumi:([^:]+)::/.exec(resource.urn);
    if (match) return match[1] as string;
  }
  return "";
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
