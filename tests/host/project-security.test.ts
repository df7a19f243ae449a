import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ProjectSecurity } from "../../provider/resources/project-security/resource";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import { ensureBuilt } from "../../testkit/dist";
import {
  engineStep,
  type ProviderHost,
  startProviderHost,
  type Props,
} from "../../testkit/provider-host";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";

const TOKEN = "aG9zdC10ZXN0LXNjcmFwZS10b2tlbg==";

/**
 * ProjectSecurity through the real dynamic-provider host over gRPC, in the engine's order: each
 * `pulumi up` or `refresh` is a fresh host process, as under the engine.
 */
describe("ProjectSecurity through the real dynamic-provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let captured: CapturedDynamicResource;
  const hosts: ProviderHost[] = [];

  before(async function () {
    ensureBuilt();
    sandbox = await startClientSandbox();
    captured = await captureProvider(
      () =>
        new ProjectSecurity("web-origins", {
          organization: sandbox.organization,
          project: sandbox.project,
          allowedDomains: ["https://app.example.com"],
          securityToken: pulumi.secret(TOKEN),
          onDelete: "restore",
        }),
    );
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
  });

  async function run(): Promise<ProviderHost> {
    const host = await startProviderHost({
      provider: captured.provider,
      env: { SENTRY_AUTH_TOKEN: undefined },
    });
    hosts.push(host);
    await host.configure(
      { "sentry-rotation:authToken": sandbox.token, "sentry-rotation:url": sandbox.url },
      { secretKeys: ["sentry-rotation:authToken"] },
    );
    return host;
  }
  const allowed = async () =>
    (await sandbox.state()).projects.find((p) => p.slug === sandbox.project)!.security
      ?.allowedDomains;
  const changeInSentry = (body: object) =>
    fetch(`${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${sandbox.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("create, no-op, drift found by refresh and put back, then restored on delete", async () => {
    assert.equal(captured.type, "pulumi-nodejs:dynamic/sentry:ProjectSecurity");
    assert.deepEqual(captured.secretInputs, ["securityToken"]);
    assert.ok(!captured.provider.includes(TOKEN), "__provider holds no token");

    const first = await run();
    const checked = await first.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(checked.failures, []);
    const created = await first.create(captured.urn, checked.inputs);
    assert.equal(created.id, `${sandbox.organization}/${sandbox.project}`);
    assert.deepEqual(await allowed(), ["https://app.example.com"]);
    await sandbox.clearRequests();
    const same = await first.diff(created.id, captured.urn, created.state, checked.inputs);
    assert.equal(engineStep(same, checked.inputs, checked.inputs), "same");
    assert.deepEqual(await sandbox.requests(), [], "diff is offline");
    await first.stop();

    // Someone opens the project to every origin in Sentry's UI; `pulumi refresh` sees it.
    await changeInSentry({ allowedDomains: ["*"] });
    const refresh = await run();
    const read = await refresh.read(created.id, captured.urn, created.state);
    assert.deepEqual((read.outputs.current as { allowedDomains: string[] }).allowedDomains, ["*"]);
    assert.match(refresh.output().stdout, /drift-detected \(drift\).*allowedDomains/);
    await refresh.stop();

    // The next `pulumi up` shows an update and puts the stated domains back.
    const up = await run();
    const drift = await up.diff(created.id, captured.urn, read.state, checked.inputs);
    assert.equal(engineStep(drift, checked.inputs, checked.inputs), "update");
    assert.match(up.output().stdout, /Sentry's settings differ from the program: allowedDomains/);
    const updated = await up.update(created.id, captured.urn, read.state, checked.inputs);
    assert.deepEqual(await allowed(), ["https://app.example.com"]);

    // Destroy with onDelete "restore": the project gets back what it had before.
    await up.delete(created.id, captured.urn, updated.state);
    assert.deepEqual(await allowed(), ["*"]);
    await up.stop();

    const printed = hosts.map((h) => JSON.stringify(h.output())).join("\n");
    for (const secret of [sandbox.token, TOKEN]) {
      assert.ok(!printed.includes(secret), "a secret reached the host output");
    }
  });

  it("reads a project by its <org>/<project> id with nothing else, as ProjectSecurity.get does", async () => {
    await changeInSentry({ allowedDomains: ["https://read-only.example"] });
    const host = await run();
    await sandbox.clearRequests();
    const id = `${sandbox.organization}/${sandbox.project}`;
    const read = await host.read(id, captured.urn, { __provider: captured.provider });
    assert.equal(read.id, id);
    assert.deepEqual(read.outputs.allowedDomains, ["https://read-only.example"]);
    assert.equal(read.outputs.onDelete, "keep");
    assert.deepEqual(
      (await sandbox.requests()).map((r) => r.method),
      ["GET"],
      "read-only: one GET, no write",
    );
    const bad = await host
      .read("not-an-id", captured.urn, { __provider: captured.provider } as Props)
      .catch((e: unknown) => e);
    assert.match(String(bad), /expected "<organization>\/<project>"/);
  });
});
