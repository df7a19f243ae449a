/**
 * The recorded `pulumi stack export` (fixtures/, made by capture-stack-export.ts from a real
 * `pulumi up` against the sandbox) and the facts tests expect of it, read straight from its JSON.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The recorded export's path. */
export const EXPORT_FILE = path.join(__dirname, "fixtures", "stack-export.json");
/** The sandbox state recorded right after it (admin token removed). */
export const SANDBOX_DATA_FILE = path.join(__dirname, "fixtures", "sandbox-data.json");

/** A resource as the export holds it. */
export interface ExportedResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  delete?: boolean;
  outputs?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  [field: string]: unknown;
}

/** The export document (a fresh copy on every call, so tests may alter it). */
export interface ExportDocument {
  version: number;
  deployment: { resources: ExportedResource[]; [field: string]: unknown };
}

/** A fresh copy of the recorded export. */
export function loadExport(): ExportDocument {
  return JSON.parse(fs.readFileSync(EXPORT_FILE, "utf8")) as ExportDocument;
}

/** The resource of that type token suffix and name. */
export function resourceOf(doc: ExportDocument, kind: string, name: string): ExportedResource {
  const found = doc.deployment.resources.find(
    (r) => r.type.endsWith(`:${kind}`) && r.urn.endsWith(`::${name}`),
  );
  if (!found) throw new Error(`the recorded export has no ${kind} ${name}`);
  return found;
}

/** What the recorded stack manages, as plain values. */
export function recordedFacts(doc: ExportDocument = loadExport()) {
  const out = (kind: string, name: string) => resourceOf(doc, kind, name).outputs ?? {};
  const pair = out("ClientKeyPair", "api");
  return {
    web: { keyId: out("ClientKey", "web").keyId as string, ...times(out("ClientKey", "web")) },
    legacy: { keyId: out("ClientKey", "legacy").keyId as string },
    apiCurrent: { keyId: pair.current.keyId as string, ...times(pair.current) },
    apiPrevious: {
      keyId: pair.previous.keyId as string,
      deactivateAt: pair.previous.deactivateAt as string,
      deleteAt: pair.previous.deleteAt as string,
    },
    token: {
      tokenId: out("OrgAuthToken", "ci").tokenId as string,
      last: out("OrgAuthToken", "ci").tokenLastCharacters as string,
      ...times(out("OrgAuthToken", "ci")),
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function times(outputs: Record<string, any>): { createdAt: string; rotateAt: string } {
  return { createdAt: outputs.createdAt as string, rotateAt: outputs.rotateAt as string };
}

/** Every secret envelope's ciphertext in the export: none may ever be printed. */
export function ciphertexts(doc: ExportDocument = loadExport()): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (k === "ciphertext" && typeof v === "string") found.push(v);
        else visit(v);
      }
    }
  };
  visit(doc);
  return found;
}

/** An instant `days` after `iso` (ISO 8601). */
export function daysAfter(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}
