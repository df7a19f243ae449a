/**
 * Sentry's official OpenAPI schema (read from ../shared, never copied into the project) turned into
 * Ajv validators for the sandbox contract tests.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./sandbox-process";

/** Where the schema is looked for: $SENTRY_OPENAPI_SCHEMA, else ../shared next to the repository. */
export const schemaPath =
  process.env.SENTRY_OPENAPI_SCHEMA ??
  path.resolve(repoRoot, "../shared/sentry-openapi/openapi-derefed.json");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Operation = {
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Json }> }>;
};

/**
 * OpenAPI 3.0 to JSON Schema: `nullable: true` becomes a type union with "null" (and null joins
 * any enum). With `closed`, objects that list properties allow no others, so an undocumented
 * field in a sandbox response fails the contract.
 */
export function toJsonSchema(schema: Json, closed: boolean): Json {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, closed));
  if (schema === null || typeof schema !== "object") return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "example" || key === "examples") continue;
    out[key] =
      key === "properties" && value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, s]) => [name, toJsonSchema(s, closed)]),
          )
        : toJsonSchema(value, closed);
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (closed && out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** The loaded schema with helpers to validate responses and request bodies of an operation. */
export class SentryOpenApi {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly spec: { paths: Record<string, Record<string, Operation>> };

  constructor(file: string = schemaPath) {
    this.spec = JSON.parse(fs.readFileSync(file, "utf8")) as {
      paths: Record<string, Record<string, Operation>>;
    };
    addFormats(this.ajv);
  }

  /** The operation at `path` (as written in the schema) and `method`. */
  operation(pathTemplate: string, method: string): Operation {
    const operation = this.spec.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the schema has no ${method} ${pathTemplate}`);
    return operation;
  }

  /** Validator for a documented response; undefined when that status is documented without a body. */
  responseValidator(
    pathTemplate: string,
    method: string,
    status: number,
  ): ValidateFunction | undefined {
    const response = this.operation(pathTemplate, method).responses[String(status)];
    if (!response)
      throw new Error(`the schema does not document ${status} for ${method} ${pathTemplate}`);
    const schema = response.content?.["application/json"]?.schema;
    return schema === undefined
      ? undefined
      : this.ajv.compile(toJsonSchema(schema, true) as object);
  }

  /** Validator for the JSON request body of an operation. */
  requestValidator(pathTemplate: string, method: string): ValidateFunction {
    const schema = this.operation(pathTemplate, method).requestBody?.content["application/json"]
      ?.schema;
    if (schema === undefined)
      throw new Error(`the schema has no request body for ${method} ${pathTemplate}`);
    return this.ajv.compile(toJsonSchema(schema, false) as object);
  }
}

/** Ajv's errors as one readable line. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || "(root)"} ${e.message}`)
    .join("; ");
}
