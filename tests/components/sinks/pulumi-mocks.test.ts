import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  isSecretPath,
  outputDetails,
  type PulumiMocks,
  resolveOutput,
  setupPulumiMocks,
  valueAt,
} from "../../support/pulumi-mocks";

class Thing extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  declare readonly arn: pulumi.Output<string>;
  constructor(
    name: string,
    args: Record<string, pulumi.Input<unknown>>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("test:index:Thing", name, { ...args, arn: undefined }, opts);
  }
}

class Group extends pulumi.ComponentResource {
  readonly child: Thing;
  constructor(name: string, source: Thing, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Group", name, {}, opts);
    const marker = new Thing(`${name}-marker`, { value: "m" }, { parent: this });
    this.child = new Thing(
      name,
      { value: source.value, nested: { secret: pulumi.secret("s3cr3t"), plain: "p" } },
      {
        parent: this,
        dependsOn: [marker],
        retainOnDelete: true,
        deleteBeforeReplace: false,
        additionalSecretOutputs: ["value"],
      },
    );
    this.registerOutputs({});
  }
}

describe("pulumi-mocks: recording registrations with their options", function () {
  let mocks: PulumiMocks;

  beforeEach(async function () {
    mocks = await setupPulumiMocks({
      outputs: (args) =>
        args.type === "test:index:Thing" ? { arn: `arn:${args.name}` } : undefined,
    });
  });

  it("records inputs, secrets, parent, dependencies and options", async function () {
    const source = new Thing("source", { value: "from-source" });
    const group = new Group("g", source);
    await mocks.settled();

    const child = mocks.find("test:index:Thing", "g");
    const component = mocks.find("test:index:Group", "g");
    const marker = mocks.find("test:index:Thing", "g-marker");
    const src = mocks.find("test:index:Thing", "source");
    assert.strictEqual(component.custom, false);
    assert.strictEqual(child.parent, component.urn);
    assert.deepStrictEqual(valueAt(child.inputs, "nested.secret"), "s3cr3t");
    assert.ok(isSecretPath(child, "nested.secret"));
    assert.ok(isSecretPath(child, "nested"));
    // The SDK sends an object holding a secret as one secret value.
    assert.deepStrictEqual(child.secretPaths, ["nested"]);
    assert.ok(isSecretPath(child, "nested.plain"));
    assert.ok(!isSecretPath(child, "value"));
    assert.deepStrictEqual(child.propertyDependencies.value, [src.urn]);
    assert.ok(child.dependencies.includes(src.urn));
    assert.deepStrictEqual(child.explicitDependsOn, [marker.urn]);
    assert.strictEqual(child.retainOnDelete, true);
    assert.strictEqual(child.deleteBeforeReplace, false);
    assert.deepStrictEqual(child.additionalSecretOutputs, ["value"]);
    assert.strictEqual(src.retainOnDelete, undefined);
    assert.strictEqual(src.deleteBeforeReplace, undefined);
    assert.deepStrictEqual(
      mocks
        .childrenOf(component)
        .map((r) => r.name)
        .sort(),
      ["g", "g-marker"],
    );

    assert.strictEqual(await resolveOutput(group.child.arn), "arn:g");
    const secret = await outputDetails(pulumi.secret("x"));
    assert.deepStrictEqual([secret.value, secret.isSecret, secret.isKnown], ["x", true, true]);
    const value = await outputDetails(group.child.value);
    assert.strictEqual(value.isSecret, false);
    assert.deepStrictEqual(value.resources, [group.child]);
  });

  it("find() names what was registered when nothing matches, reset() forgets", async function () {
    new Thing("only", { value: "v" });
    await mocks.settled();
    assert.throws(
      () => mocks.find("test:index:Thing", "other"),
      /registered: test:index:Thing::only/,
    );
    mocks.reset();
    assert.strictEqual(mocks.resources.length, 0);
  });
});
