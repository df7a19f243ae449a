import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { packageVersion } from "../../plugin/main";
import { KINDS, secretProperties } from "../../plugin/schema/kinds";
import { packageSchema } from "../../plugin/schema/schema";
import { CLIENT_KEY_PAIR_SECRET_OUTPUTS } from "../../provider/resources/client-key-pair/types";
import { CLIENT_KEY_SECRET_OUTPUTS } from "../../provider/resources/client-key/types";
import { ORG_AUTH_TOKEN_SECRET_OUTPUTS } from "../../provider/resources/org-auth-token/types";
import { PROJECT_SECURITY_SECRET_OUTPUTS } from "../../provider/resources/project-security/types";
import { SCHEMA_FILE, schemaText } from "../../scripts/plugin/write-schema";
import { skipUnless } from "../support/skip";

/** Pulumi's own package metaschema, from the Go module the engine is built from. */
const METASCHEMA = path.join(
  process.env.GOMODCACHE ?? path.join(os.homedir(), "go", "pkg", "mod"),
  "github.com/pulumi/pulumi/pkg/v3@v3.248.0/codegen/schema/pulumi.json",
);

describe("the plugin's package schema", () => {
  const schema = packageSchema(packageVersion()) as {
    resources: Record<
      string,
      { inputProperties: object; requiredInputs: string[]; properties: object; required: string[] }
    >;
    types: Record<string, unknown>;
  };

  it("is committed as the generator makes it (run `npm run plugin:schema` after changing a kind)", () => {
    assert.equal(
      fs.readFileSync(SCHEMA_FILE, "utf8"),
      schemaText(),
      "plugin/schema.json is stale: run `npm run plugin:schema` and commit it",
    );
  });

  it("marks secret exactly the outputs each kind's types call secret", () => {
    assert.deepEqual(secretProperties("ClientKey").sort(), [...CLIENT_KEY_SECRET_OUTPUTS].sort());
    assert.deepEqual(
      secretProperties("ClientKeyPair").sort(),
      [...CLIENT_KEY_PAIR_SECRET_OUTPUTS].sort(),
    );
    assert.deepEqual(
      secretProperties("OrgAuthToken").sort(),
      [...ORG_AUTH_TOKEN_SECRET_OUTPUTS].sort(),
    );
    assert.deepEqual(
      secretProperties("ProjectSecurity").sort(),
      [...PROJECT_SECURITY_SECRET_OUTPUTS].sort(),
    );
    assert.deepEqual(secretProperties("DotenvFile"), ["variables"]);
  });

  it("refers only to types it defines, and requires only properties it has", () => {
    const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const token = ref.slice('"#/types/'.length, -1);
      assert.ok(token in schema.types, `${ref} is not defined`);
    }
    for (const [token, resource] of Object.entries(schema.resources)) {
      for (const name of resource.requiredInputs)
        assert.ok(name in resource.inputProperties, `${token}: ${name}`);
      for (const name of resource.required)
        assert.ok(name in resource.properties, `${token}: ${name}`);
    }
    assert.deepEqual(Object.keys(KINDS).length, Object.keys(schema.resources).length);
  });

  it("is valid against Pulumi's package metaschema", function () {
    skipUnless(
      this,
      fs.existsSync(METASCHEMA),
      `Pulumi's metaschema (${METASCHEMA}) comes with the engine build: npm run engine`,
    );
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(METASCHEMA, "utf8")) as object);
    assert.ok(validate(schema), JSON.stringify(validate.errors, null, 2));
    // The check can fail: a property of the wrong shape is refused.
    const broken = { ...schema, resources: { "sentry-rotation:index:X": { properties: 5 } } };
    assert.equal(validate(broken), false);
  });
});
