/**
 * The pack as the engine runs it: `run-policy-pack` loads policy/ (its package.json points at the
 * compiled pack in dist/policy, as it ships), serves the Analyzer over gRPC, and the test plays the engine's part (GetAnalyzerInfo, Configure, Analyze,
 * AnalyzeStack) with the wire encoding the engine uses, secrets and unknowns included.
 */
import * as assert from "assert";
import * as path from "path";
import { sentryRotationPolicies } from "../../policy/policies";
import { fixedClock } from "../../provider/rotation";
import {
  CLIENT_KEY,
  CONFIG_MAP,
  KUBERNETES_SECRET_SINK,
  ORG_AUTH_TOKEN,
} from "../../policy/tokens";
import { ensureBuilt } from "../../testkit/dist";
import { UNKNOWN_STRING } from "../support/policy-args";
import {
  type PolicyAnalyzer,
  startPolicyAnalyzer,
  testUrn,
  wireSecret,
} from "../support/policy-analyzer";

const PACK_DIR = path.resolve(__dirname, "..", "..", "policy");
const NOW = "2027-06-01T00:00:00Z";
const PUBLIC = "0123456789abcdef0123456789abcdef";
const SECRET = "fedcba9876543210fedcba9876543210";

describe("policy pack served over gRPC the way the engine runs it", function () {
  // A stale dist/ is rebuilt first (about a minute here).
  this.timeout(180_000);
  let analyzer: PolicyAnalyzer;

  before(async () => {
    ensureBuilt();
    analyzer = await startPolicyAnalyzer(PACK_DIR, { SENTRY_ROTATION_NOW: NOW });
  });

  after(async () => {
    await analyzer?.stop();
  });

  it("describes the pack: name, version from policy/package.json, every policy with its level and config schema", async () => {
    const info = await analyzer.info();
    assert.strictEqual(info.name, "sentry-rotation");
    assert.strictEqual(info.version, "0.1.0");
    assert.strictEqual(info.supportsconfig, true);
    const expected = sentryRotationPolicies(fixedClock(NOW)).map((p) => [
      p.name,
      p.enforcementLevel,
    ]);
    const levels = ["advisory", "mandatory", "disabled", "remediate"];
    assert.deepStrictEqual(
      info.policiesList.map((p) => [p.name, levels[p.enforcementlevel]]),
      expected,
    );
    const maximum = info.policiesList.find((p) => p.name === "sentry-rotate-every-maximum");
    assert.ok(JSON.stringify(maximum?.configschema).includes("orgAuthTokenMaximum"));
  });

  it("fails a key without rotateEvery and one rotating too rarely; lets an unknown period through", async () => {
    const missing = await analyzer.analyze({
      type: CLIENT_KEY,
      name: "web",
      props: { project: "web", name: "web" },
    });
    assert.deepStrictEqual(
      missing.map((d) => [d.policyName, d.enforcementLevel, d.policyPackName, d.policyPackVersion]),
      [["sentry-rotate-every-required", "mandatory", "sentry-rotation", "0.1.0"]],
    );
    assert.match(missing[0]!.message, /"web" has no rotateEvery/);

    const rare = await analyzer.analyze({
      type: ORG_AUTH_TOKEN,
      name: "ci",
      props: { name: "ci", rotateEvery: "P6M" },
    });
    assert.deepStrictEqual(
      rare.map((d) => d.policyName),
      ["sentry-rotate-every-maximum"],
    );

    const unknown = await analyzer.analyze({
      type: CLIENT_KEY,
      name: "web",
      props: { rotateEvery: UNKNOWN_STRING },
    });
    assert.deepStrictEqual(unknown, []);
  });

  it("sees through secret markers: a secret DSN sent as a secret into a ConfigMap is refused, and not echoed", async () => {
    const dsn = `https://${PUBLIC}:${SECRET}@o1.ingest.sentry.io/42`;
    const diagnostics = await analyzer.analyze({
      type: CONFIG_MAP,
      name: "web-public-dsn",
      props: { metadata: { name: "sentry" }, data: { SENTRY_DSN: wireSecret(dsn) } },
    });
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
      [["sentry-no-secret-in-config-map", "mandatory"]],
    );
    assert.ok(!diagnostics[0]!.message.includes(SECRET));
  });

  it("analyses the stack: an old key (against SENTRY_ROTATION_NOW) and a sink that restarts nothing", async () => {
    const sinkUrn = testUrn(KUBERNETES_SECRET_SINK, "web-sink-0");
    const diagnostics = await analyzer.analyzeStack([
      {
        type: CLIENT_KEY,
        name: "web",
        props: {
          keyId: PUBLIC,
          createdAt: "2027-01-01T00:00:00Z",
          isActive: true,
          rotateEvery: "90d",
        },
      },
      {
        type: CLIENT_KEY,
        name: "api",
        props: {
          keyId: PUBLIC,
          createdAt: "2027-05-01T00:00:00Z",
          isActive: true,
          rotateEvery: "90d",
        },
      },
      { type: KUBERNETES_SECRET_SINK, name: "web-sink-0", props: {} },
      { type: "kubernetes:core/v1:Secret", name: "web-sink-0", props: {}, parent: sinkUrn },
    ]);
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn]),
      [
        ["sentry-key-max-age", "mandatory", testUrn(CLIENT_KEY, "web")],
        ["sentry-kubernetes-sink-restarts", "advisory", sinkUrn],
      ],
    );
    assert.match(diagnostics[0]!.message, /151 days ago/);
  });

  it("applies the pack config the engine sends with Configure", async () => {
    await analyzer.configure({
      "sentry-rotate-every-required": { enforcementLevel: "advisory" },
      "sentry-rotate-every-maximum": { enforcementLevel: "mandatory", maximum: "P6M" },
      "sentry-kubernetes-sink-restarts": { enforcementLevel: "disabled" },
    });
    const missing = await analyzer.analyze({ type: CLIENT_KEY, name: "web", props: {} });
    assert.deepStrictEqual(
      missing.map((d) => d.enforcementLevel),
      ["advisory"],
    );
    const rare = await analyzer.analyze({
      type: ORG_AUTH_TOKEN,
      name: "ci",
      props: { rotateEvery: "P6M" },
    });
    assert.deepStrictEqual(rare, []);
    const stack = await analyzer.analyzeStack([
      { type: KUBERNETES_SECRET_SINK, name: "s", props: {} },
    ]);
    assert.deepStrictEqual(stack, []);
  });
});
