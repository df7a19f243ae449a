import Ajv from "ajv";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { sentryRotationPolicies } from "../../policy/policies";
import { CLIENT_KEY } from "../../policy/tokens";
import { fixedClock } from "../../provider/rotation";
import { validateResource, validateStack } from "../support/policy-args";

const CONFIG_DIR = path.resolve(__dirname, "..", "..", "policy", "config");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const policies = sentryRotationPolicies(fixedClock("2027-06-01T00:00:00Z")) as Array<
  Policy & Partial<ResourceValidationPolicy & StackValidationPolicy>
>;

describe("policy pack config files (policy/config/*.json)", () => {
  const files = fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith(".json"));

  it("exist, starting with example.json", () => {
    assert.ok(files.includes("example.json"));
  });

  for (const file of files) {
    it(`${file} names only real policies, with settings their schemas accept, that the policies can use`, async () => {
      const config = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));
      for (const [name, setting] of Object.entries(config as Record<string, unknown>)) {
        const policy = policies.find((p) => p.name === name);
        assert.ok(policy, `${file}: no policy named ${name}`);
        if (typeof setting === "string") {
          assert.ok(LEVELS.includes(setting), `${file}: ${name}: level ${setting}`);
          continue;
        }
        const { enforcementLevel, ...settings } = setting as Record<string, unknown>;
        if (enforcementLevel !== undefined) assert.ok(LEVELS.includes(String(enforcementLevel)));
        const schema = {
          type: "object",
          properties: policy.configSchema?.properties ?? {},
          additionalProperties: false,
        };
        const validate = new Ajv({ strict: false }).compile(schema);
        assert.ok(validate(settings), `${file}: ${name}: ${JSON.stringify(validate.errors)}`);
        // The policy reads every setting without complaint.
        const key = {
          type: CLIENT_KEY,
          name: "web",
          props: { rotateEvery: "30d", createdAt: "2027-05-01T00:00:00Z" },
        };
        if (policy.validateResource)
          await validateResource(policy as ResourceValidationPolicy, key, settings);
        if (policy.validateStack)
          await validateStack(policy as StackValidationPolicy, [key], settings);
      }
    });
  }
});
