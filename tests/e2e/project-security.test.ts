/**
 * ProjectSecurity through the real engine against the sandbox: create, drift found by
 * `pulumi refresh` and put back by `pulumi up`, Relay's browser check (a foreign Origin refused with
 * a 403, a listed one accepted), reading by id, and destroy with onDelete keep and restore.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/repo-root";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PROGRAM = "tests/e2e/programs/project-security";
const APP = "https://app.example.com";

describe("e2e: ProjectSecurity through the real engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let publicKey: string;

  const projectUrl = () =>
    `${e2e.sandbox.url}/api/0/projects/${e2e.sandbox.organization}/${e2e.sandbox.project}/`;
  const api = (url: string, method: string, body?: unknown) =>
    fetch(url, {
      method,
      headers: { Authorization: `Bearer ${e2e.sandbox.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const domainsInSentry = async () =>
    ((await (await api(projectUrl(), "GET")).json()) as { allowedDomains: string[] })
      .allowedDomains;
  const setConfig = (key: string, value: string) =>
    e2e.workspace.run(["config", "set", key, value]);
  /** A browser-style event to the legacy store endpoint, with `origin` as its Origin header. */
  const sendFromBrowser = (origin: string) =>
    fetch(`${e2e.sandbox.url}/api/${e2e.sandbox.projectId}/store/?sentry_key=${publicKey}`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/json" },
      body: JSON.stringify({ message: "from a browser" }),
    });

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, PROGRAM, {
      config: { allowedDomains: JSON.stringify([APP]), onDelete: "keep" },
    });
    const keys = `${e2e.sandbox.url}/api/0/projects/${e2e.sandbox.organization}/${e2e.sandbox.project}/keys/`;
    const created = await api(keys, "POST", { name: "browser" });
    assert.equal(created.status, 201, await created.clone().text());
    publicKey = ((await created.json()) as { public: string }).public;
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("up sets the allowed domains; Relay then refuses a foreign Origin and accepts a listed one", async () => {
    const before = await domainsInSentry();
    assert.notDeepEqual(before, [APP]);
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    assert.equal(outputs.id, `${e2e.sandbox.organization}/${e2e.sandbox.project}`);
    assert.deepEqual(outputs.allowedDomains, [APP]);
    assert.deepEqual(await domainsInSentry(), [APP]);

    const foreign = await sendFromBrowser("https://evil.example.net");
    assert.equal(foreign.status, 403, await foreign.text());
    const listed = await sendFromBrowser(APP);
    assert.equal(listed.status, 200, await listed.text());
  });

  it("a change behind Pulumi's back shows in preview --refresh, and up puts the program's value back", async () => {
    const changed = await api(projectUrl(), "PUT", { allowedDomains: ["*"] });
    assert.equal(changed.status, 200, await changed.text());
    const preview = await e2e.workspace.run(["preview", "--refresh", "--diff"]);
    assert.match(preview.stdout, /allowedDomains/);
    assert.match(preview.stdout, /"\*"/, "the drifted value is shown");
    assert.deepEqual(await domainsInSentry(), ["*"], "preview changes nothing");

    await e2e.workspace.run(["up", "--yes", "--refresh", "--skip-preview"]);
    assert.deepEqual(await domainsInSentry(), [APP]);
    assert.equal((await sendFromBrowser("https://evil.example.net")).status, 403);
  });

  it("destroy with onDelete keep leaves the domains as they are", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await domainsInSentry(), [APP]);
  });

  it("reads the project by its <org>/<project> id and changes nothing", async () => {
    const id = `${e2e.sandbox.organization}/${e2e.sandbox.project}`;
    await setConfig("readId", id);
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    assert.equal(outputs.id, id);
    assert.deepEqual(outputs.allowedDomains, [APP], "get resolves the stated-setting outputs");
    assert.deepEqual((outputs.current as { allowedDomains: string[] }).allowedDomains, [APP]);
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await domainsInSentry(), [APP], "a read resource never writes");
    await e2e.workspace.run(["config", "rm", "readId"]);
  });

  it("destroy with onDelete restore puts back what the project had before", async () => {
    await api(projectUrl(), "PUT", { allowedDomains: ["https://old.example.org"] });
    await setConfig("onDelete", "restore");
    await setConfig("allowedDomains", JSON.stringify([APP]));
    await e2e.workspace.up();
    assert.deepEqual(await domainsInSentry(), [APP]);
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await domainsInSentry(), ["https://old.example.org"]);
  });

  it('the policy pack fails a production stack\'s preview of allowedDomains ["*"], naming the field and the fix', async () => {
    await e2e.workspace.run(["stack", "init", "prod", "--copy-config-from", "dev"]);
    await setConfig("allowedDomains", JSON.stringify(["*"]));
    const pack = ["--policy-pack", path.join(REPO_ROOT, "policy")];
    const preview = await e2e.workspace.run(["preview", ...pack], { allowFailure: true });
    const output = preview.stdout + preview.stderr;
    assert.notEqual(preview.code, 0, output);
    assert.match(output, /\[mandatory\] .*sentry-project-security-no-any-domain/);
    assert.match(
      output,
      /ProjectSecurity "web" in production stack "prod" has allowedDomains \["\*"\]/,
    );
    await setConfig("allowedDomains", JSON.stringify([APP]));
    const fixed = await e2e.workspace.run(["preview", ...pack], { allowFailure: true });
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  });
});
