import * as assert from "assert";
import { captureProvider } from "../../testkit/capture-provider";
import { type ProviderHost, startProviderHost, urn } from "../../testkit/provider-host";
import { stateSharingProvider } from "./fixtures/closure-providers";
import { ProbeResource } from "./fixtures/probe-resource";

const RAW_URN = urn("pulumi-nodejs:dynamic/harness:Raw", "raw");

// A hand-written __provider: the host only needs `exports.handler` returning the provider object.
function raw(methods: string): string {
  return `exports.handler = () => ({ ${methods} });`;
}

describe("dynamic-provider host behaviour the providers rely on", function () {
  let host: ProviderHost;

  before(async function () {
    host = await startProviderHost();
    await host.configure({ "harness:value": "configured" });
  });

  after(async function () {
    await host?.stop();
  });

  it("shares configure's values with create through a captured object or `this`, not a module `let`", async function () {
    const { provider } = await captureProvider(
      () => new ProbeResource(stateSharingProvider, "sharing", "Sharing"),
    );
    const created = await host.create(RAW_URN, {}, { provider });
    assert.deepStrictEqual(created.outputs, {
      let: null,
      object: "configured",
      onThis: "configured",
    });
  });

  it("read answering {} or an empty id means the resource is gone", async function () {
    for (const answer of ["({})", "({ id: '' })", "({ id: undefined, props: undefined })"]) {
      const provider = raw(`read: async () => ${answer}`);
      const read = await host.read("abc", RAW_URN, { v: 1 }, { provider });
      assert.strictEqual(read.id, "", answer);
      assert.deepStrictEqual(read.outputs, {}, answer);
    }
  });

  it("update answering nothing leaves the new state with __provider only", async function () {
    const provider = raw("update: async () => undefined");
    const updated = await host.update(
      "abc",
      RAW_URN,
      { v: 1, out: "kept?" },
      { v: 2 },
      { provider },
    );
    assert.deepStrictEqual(updated.outputs, {});
    assert.deepStrictEqual(Object.keys(updated.state), ["__provider"]);
  });

  it("returning pulumi.secret(...) from create fails", async function () {
    const provider = raw(
      "create: async () => ({ id: 'a', outs: { s: require('@pulumi/pulumi').secret('x') } })",
    );
    await assert.rejects(host.create(RAW_URN, {}, { provider }), /Unexpected struct type/);
  });

  it("logs read/check/diff/delete errors with their stack to stderr, create/update errors not", async function () {
    const provider = raw(
      "create: async () => { throw new Error('create-failure-7781') }, " +
        "delete: async () => { throw new Error('delete-failure-7782') }",
    );
    await assert.rejects(host.create(RAW_URN, {}, { provider }), /create-failure-7781/);
    await assert.rejects(
      host.delete("a", RAW_URN, { __provider: provider }),
      /delete-failure-7782/,
    );
    const { stderr } = host.output();
    assert.ok(!stderr.includes("create-failure-7781"));
    assert.match(stderr, /Error: delete-failure-7782: Error: delete-failure-7782\n\s+at /);
  });
});
