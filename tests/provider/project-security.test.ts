import assert from "node:assert/strict";
import { checkProjectSecurity } from "../../provider/resources/project-security/check";
import { diffProjectSecurity } from "../../provider/resources/project-security/diff";
import {
  createProjectSecurity,
  deleteProjectSecurity,
  readProjectSecurity,
  updateProjectSecurity,
} from "../../provider/resources/project-security/operations";
import type {
  ProjectSecurityInputs,
  ProjectSecurityOutputs,
} from "../../provider/resources/project-security/types";
import { type ProviderFixture, startProviderFixture } from "../support/provider-fixture";

const TOKEN = "c2NyYXBlLXRva2VuLW9mLXRoZS1hcHA=";

describe("ProjectSecurity provider against the sandbox", () => {
  let fx: ProviderFixture;
  let inputs: ProjectSecurityInputs;

  beforeEach(async () => {
    fx = await startProviderFixture();
    inputs = {
      organization: fx.sandbox.organization,
      project: fx.sandbox.project,
      allowedDomains: ["https://app.example.com", "*.example.org"],
      securityToken: TOKEN,
      verifySSL: true,
      onDelete: "keep",
    };
  });
  afterEach(() => fx.close());

  // The project's settings as the sandbox stores them (absent = never set).
  const stored = async () =>
    (await fx.sandbox.state()).projects.find((p) => p.slug === fx.sandbox.project)!.security ?? {};
  const audit = () => fx.logs.filter((line) => line.startsWith("audit: "));
  // A change made in Sentry's UI: straight through the API, not through the resource.
  const changeInSentry = async (body: object) => {
    const res = await fetch(
      `${fx.sandbox.url}/api/0/projects/${fx.sandbox.organization}/${fx.sandbox.project}/`,
      {
        method: "PUT",
        headers: {
          Authorization: `Bearer ${fx.sandbox.token}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(body),
      },
    );
    assert.equal(res.status, 200);
  };

  it("create applies only the stated settings, remembers the previous ones, and records it without the token", async () => {
    const { id, outs } = await createProjectSecurity(fx.ctx, inputs);
    assert.equal(id, `${fx.sandbox.organization}/${fx.sandbox.project}`);
    const settings = await stored();
    assert.deepEqual(settings.allowedDomains, ["https://app.example.com", "*.example.org"]);
    assert.equal(settings.securityToken, TOKEN);
    assert.equal(settings.verifySSL, true);
    assert.equal(settings.scrapeJavaScript, undefined, "not stated: never sent");
    assert.deepEqual(outs.previous.allowedDomains, ["*"]);
    assert.equal(outs.current.verifySSL, true);
    assert.equal(outs.current.scrapeJavaScript, true);
    assert.equal(outs.currentSecurityToken, TOKEN);
    assert.equal(outs.projectId, String(fx.sandbox.projectId));
    assert.equal(audit().length, 1);
    assert.match(audit()[0]!, /security settings of .*: settings-changed \(new\)/);
    assert.match(
      audit()[0]!,
      /allowedDomains \["\*"\] → \["https:\/\/app.example.com","\*.example.org"\]/,
    );
    assert.match(audit()[0]!, /securityToken \(values not shown\)/);
    assert.ok(!fx.logs.join("\n").includes(TOKEN), "the token is never logged");
  });

  it("refresh sees a change made in Sentry, records the drift, and the next up puts the stated values back", async () => {
    const { id, outs } = await createProjectSecurity(fx.ctx, inputs);
    await changeInSentry({ allowedDomains: ["*"], securityToken: "b3RoZXI=" });
    const read = await readProjectSecurity(fx.ctx, id, outs);
    const refreshed = read.props!;
    assert.deepEqual(refreshed.current.allowedDomains, ["*"]);
    assert.deepEqual(read.inputs!.allowedDomains, inputs.allowedDomains, "stated values kept");
    const drift = audit().find((l) => l.includes("drift-detected"));
    assert.ok(drift, audit().join("\n"));
    assert.match(
      drift,
      /allowedDomains \["https:\/\/app.example.com","\*.example.org"\] → \["\*"\]/,
    );
    assert.ok(!fx.logs.join("\n").includes("b3RoZXI="), "neither token is logged");

    const decision = diffProjectSecurity(refreshed, inputs);
    assert.equal(decision.changes, true);
    assert.deepEqual(decision.replaces, []);
    assert.match(decision.reasons[0]!, /Sentry's settings differ from the program: allowedDomains/);
    assert.ok(!decision.reasons.join(" ").includes(TOKEN));

    const updated = await updateProjectSecurity(fx.ctx, id, refreshed, inputs);
    assert.deepEqual((await stored()).allowedDomains, inputs.allowedDomains);
    assert.equal((await stored()).securityToken, TOKEN);
    assert.deepEqual(diffProjectSecurity(updated, inputs).changes, false);
    assert.match(audit().at(-1)!, /settings-changed \(drift\)/);
  });

  it("a changed program is an update with reason manual; unstated settings are never compared", async () => {
    const { id, outs } = await createProjectSecurity(fx.ctx, inputs);
    await changeInSentry({ scrubIPAddresses: true });
    const refreshed = (await readProjectSecurity(fx.ctx, id, outs)).props!;
    assert.equal(
      diffProjectSecurity(refreshed, inputs).changes,
      false,
      "scrubIPAddresses unstated",
    );
    const news = { ...inputs, allowedDomains: ["https://APP.example.com/"] };
    assert.equal(
      diffProjectSecurity(refreshed, {
        ...inputs,
        allowedDomains: ["*.EXAMPLE.org", "https://app.example.com"],
      }).changes,
      false,
      "order and spelling do not count",
    );
    await updateProjectSecurity(fx.ctx, id, refreshed, news);
    assert.deepEqual((await stored()).allowedDomains, ["https://app.example.com"]);
    assert.match(audit().at(-1)!, /settings-changed \(manual\)/);
  });

  it("read-only adoption (get by id) reads every setting and changes nothing", async () => {
    await changeInSentry({ allowedDomains: ["https://adopted.example"], verifySSL: true });
    fx.logs.length = 0;
    const before = await fx.sandbox.requests();
    const read = await readProjectSecurity(
      fx.ctx,
      `${fx.sandbox.organization}/${fx.sandbox.project}`,
      {},
    );
    assert.deepEqual(read.props!.allowedDomains, ["https://adopted.example"]);
    assert.equal(read.props!.verifySSL, true);
    assert.equal(read.props!.scrapeJavaScript, true);
    assert.equal(read.props!.securityToken, undefined, "the token only in currentSecurityToken");
    assert.match(read.props!.currentSecurityToken, /^[0-9a-f]{32}$/);
    const writes = (await fx.sandbox.requests())
      .slice(before.length)
      .filter((r) => r.method !== "GET");
    assert.deepEqual(writes, []);
    assert.deepEqual(audit(), [], "nothing to record: nothing changed");
    await assert.rejects(
      readProjectSecurity(fx.ctx, `${fx.sandbox.organization}/missing`, {}),
      /HTTP 404/,
    );
  });

  it("refresh drops the state of a project that no longer exists; a bad id says the expected form", async () => {
    const { outs } = await createProjectSecurity(fx.ctx, inputs);
    const gone = await readProjectSecurity(
      fx.ctx,
      `${fx.sandbox.organization}/deleted-project`,
      outs,
    );
    assert.deepEqual(gone, { id: "" });
    await assert.rejects(
      readProjectSecurity(fx.ctx, "just-one-part", outs),
      /"<organization>\/<project>"/,
    );
  });

  it('onDelete "keep" leaves the settings; "restore" puts back what the project had before', async () => {
    const kept = await createProjectSecurity(fx.ctx, inputs);
    await deleteProjectSecurity(fx.ctx, kept.id, kept.outs);
    assert.deepEqual((await stored()).allowedDomains, inputs.allowedDomains);
    assert.match(audit().at(-1)!, /released: no longer managed/);

    await changeInSentry({ allowedDomains: ["*"], verifySSL: false, securityToken: "b2xk" });
    const restoring = await createProjectSecurity(fx.ctx, { ...inputs, onDelete: "restore" });
    await deleteProjectSecurity(fx.ctx, restoring.id, restoring.outs);
    const settings = await stored();
    assert.deepEqual(settings.allowedDomains, ["*"]);
    assert.equal(settings.verifySSL, false);
    assert.equal(settings.securityToken, "b2xk");
    assert.match(audit().at(-1)!, /settings-restored/);
    assert.ok(!fx.logs.join("\n").includes("b2xk"));
  });

  it("a project token without project:write fails with the scope to add", async () => {
    const reader = await fx.sandbox.mintToken(["project:read"]);
    await assert.rejects(
      createProjectSecurity(fx.contextWithToken(reader), inputs),
      /HTTP 403.*project:write/,
    );
  });

  it("a lost PUT answer is retried (the update is idempotent) and the settings end as stated", async () => {
    await fx.sandbox.addFaults({
      method: "PUT",
      path: "/projects/[^/]+/[^/]+/$",
      kind: "drop-after-commit",
    });
    const { outs } = await createProjectSecurity(fx.ctx, inputs);
    assert.deepEqual(outs.current.allowedDomains, inputs.allowedDomains);
    const puts = (await fx.sandbox.requests()).filter((r) => r.method === "PUT");
    assert.equal(puts.length, 2);
  });
});

describe("ProjectSecurity check", () => {
  const defaults = { organization: "acme" };
  const check = (news: Record<string, unknown>) => checkProjectSecurity({}, news, defaults);

  it("fills organization and onDelete; accepts every documented pattern form", () => {
    const { inputs, failures } = check({
      project: "web",
      allowedDomains: [
        "*",
        "https://app.example.com:8443",
        "*.example.com",
        "example.com",
        "*:443",
      ],
    });
    assert.deepEqual(failures, []);
    assert.equal(inputs.organization, "acme");
    assert.equal(inputs.onDelete, "keep");
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["no allowedDomains", { project: "web" }, /^allowedDomains: is required/],
    [
      "an empty list",
      { project: "web", allowedDomains: [] },
      /allowedDomains: must not be empty.*\["\*"\]/,
    ],
    [
      "a pattern with a space",
      { project: "web", allowedDomains: ["https://a b.com"] },
      /allowedDomains: entry 0 "https:\/\/a b.com" is not an origin pattern/,
    ],
    [
      "a string instead of a list",
      { project: "web", allowedDomains: "*" },
      /allowedDomains: must be a list/,
    ],
    [
      "a bad header",
      { project: "web", allowedDomains: ["*"], securityTokenHeader: "X Token" },
      /securityTokenHeader: must be a header name/,
    ],
    [
      "an unknown onDelete",
      { project: "web", allowedDomains: ["*"], onDelete: "reset" },
      /onDelete: must be one of "keep", "restore"/,
    ],
    [
      "verifySSL as text",
      { project: "web", allowedDomains: ["*"], verifySSL: "yes" },
      /verifySSL: must be true or false/,
    ],
  ];
  for (const [what, news, message] of bad) {
    it(`refuses ${what} at preview, naming the field`, () => {
      const { failures } = check(news);
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.match(failures[0]!.reason, message);
    });
  }

  it("a bad security token is refused without showing it", () => {
    const secret = "my-token-with-$ecret-chars";
    const { failures } = check({ project: "web", allowedDomains: ["*"], securityToken: secret });
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.reason, /^securityToken: has characters Sentry refuses/);
    assert.ok(!JSON.stringify(failures).includes("ecret"));
  });
});

describe("ProjectSecurity diff", () => {
  const olds: ProjectSecurityOutputs = {
    organization: "acme",
    project: "web",
    allowedDomains: ["https://app.example.com"],
    securityToken: TOKEN,
    onDelete: "keep",
    projectId: "1",
    current: {
      allowedDomains: ["https://app.example.com"],
      scrapeJavaScript: true,
      securityTokenHeader: null,
      verifySSL: false,
      scrubIPAddresses: false,
    },
    currentSecurityToken: TOKEN,
    previous: {
      allowedDomains: ["*"],
      scrapeJavaScript: true,
      securityTokenHeader: null,
      verifySSL: false,
      scrubIPAddresses: false,
      securityToken: "x",
    },
  };
  const { projectId: _id, current: _c, currentSecurityToken: _t, previous: _p, ...same } = olds;

  it("no change when Sentry holds the stated values", () => {
    assert.deepEqual(diffProjectSecurity(olds, same), {
      changes: false,
      replaces: [],
      reasons: [],
    });
  });
  it("another project replaces; onDelete alone updates the state only", () => {
    assert.deepEqual(diffProjectSecurity(olds, { ...same, project: "api" }).replaces, ["project"]);
    const onDelete = diffProjectSecurity(olds, { ...same, onDelete: "restore" });
    assert.deepEqual(onDelete.reasons, ["updated in place: onDelete"]);
  });
  it("a new token is an update whose reason never shows either token", () => {
    const decision = diffProjectSecurity(olds, { ...same, securityToken: "bmV3LXRva2Vu" });
    assert.equal(decision.changes, true);
    assert.match(decision.reasons[0]!, /securityToken \(values not shown\)/);
    assert.ok(
      !decision.reasons.join("").includes("bmV3") && !decision.reasons.join("").includes(TOKEN),
    );
  });
});
