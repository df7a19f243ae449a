import * as assert from "assert";
import {
  projectSecurityAnyDomain,
  PROJECT_SECURITY_ANY_DOMAIN,
} from "../../policy/rules/project-security-any-domain";
import { sentryRotationPolicies } from "../../policy/policies";
import { CLIENT_KEY, PROJECT_SECURITY } from "../../policy/tokens";
import { UNKNOWN_STRING, validateResource } from "../support/policy-args";

const security = (stack: string, allowedDomains: unknown, name = "shop") => ({
  type: PROJECT_SECURITY,
  name,
  stack,
  props: { project: "shop", allowedDomains },
});

describe("policy sentry-project-security-no-any-domain", () => {
  it('reports allowedDomains ["*"] or an empty list in a production stack, naming the field and the fix', async () => {
    for (const stack of ["prod", "prod-eu", "shop-production", "PROD"]) {
      for (const domains of [["*"], [], ["https://app.example.com", "*"]]) {
        const violations = await validateResource(
          projectSecurityAnyDomain,
          security(stack, domains),
        );
        assert.strictEqual(violations.length, 1, `${JSON.stringify(domains)} in ${stack}`);
        const message = violations[0]!.message;
        assert.match(message, new RegExp(`"shop" in production stack "${stack}" has`));
        assert.match(
          message,
          domains.length === 0 ? /an empty allowedDomains/ : /allowedDomains \["\*"\]/,
        );
        assert.match(message, /Set allowedDomains to the origins your app is served from/);
        assert.match(message, /sentry-project-security-no-any-domain\.exempt/);
      }
    }
  });

  it("accepts listed origins, subdomain patterns and values not known during preview", async () => {
    for (const domains of [
      ["https://app.example.com"],
      ["*.example.com", "example.org"],
      [UNKNOWN_STRING],
      UNKNOWN_STRING,
    ]) {
      assert.deepStrictEqual(
        await validateResource(projectSecurityAnyDomain, security("prod", domains)),
        [],
        JSON.stringify(domains),
      );
    }
  });

  it("leaves other stacks, exempt resources and other types alone", async () => {
    for (const stack of ["dev", "staging", "product", "preprod-x"]) {
      assert.deepStrictEqual(
        await validateResource(projectSecurityAnyDomain, security(stack, ["*"])),
        [],
        stack,
      );
    }
    assert.deepStrictEqual(
      await validateResource(projectSecurityAnyDomain, security("prod", ["*"]), {
        exempt: ["shop"],
      }),
      [],
    );
    const key = { type: CLIENT_KEY, name: "shop", stack: "prod", props: { allowedDomains: ["*"] } };
    assert.deepStrictEqual(await validateResource(projectSecurityAnyDomain, key), []);
  });

  it("uses the configured stack name patterns and rejects a malformed setting", async () => {
    const config = { stacks: ["live"] };
    assert.strictEqual(
      (await validateResource(projectSecurityAnyDomain, security("live", ["*"]), config)).length,
      1,
    );
    assert.deepStrictEqual(
      await validateResource(projectSecurityAnyDomain, security("prod", ["*"]), config),
      [],
    );
    await assert.rejects(
      validateResource(projectSecurityAnyDomain, security("prod", ["*"]), { stacks: "prod" }),
      new RegExp(`${PROJECT_SECURITY_ANY_DOMAIN}\\.stacks: must be a list`),
    );
  });

  it("is part of the pack", () => {
    const names = sentryRotationPolicies({ now: () => new Date() }).map((p) => p.name);
    assert.ok(names.includes(PROJECT_SECURITY_ANY_DOMAIN), names.join(", "));
  });
});
