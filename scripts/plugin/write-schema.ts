/**
 * `npm run plugin:schema`: writes plugin/schema.json from the kind descriptions (the same
 * generator the plugin answers GetSchema with). tests/plugin/schema.test.ts fails when the file
 * and the generator differ. SDKs are generated from this file (`pulumi package gen-sdk`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageVersion } from "../../plugin/main";
import { packageSchema } from "../../plugin/schema/schema";
import { REPO_ROOT } from "../../testkit/repo-root";

/** Where the committed schema lives. */
export const SCHEMA_FILE = path.join(REPO_ROOT, "plugin", "schema.json");

/** The schema file's text: the generator's output, two-space JSON, a final newline. */
export function schemaText(): string {
  return `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
