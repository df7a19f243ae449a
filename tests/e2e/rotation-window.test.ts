/**
 * Rotation windows through the real Pulumi engine, with the config-driven stack and one
 * `sentry-rotation:rotationWindow` for every entry: a preview at a time the keys are due but the
 * window is closed reports the wait and plans no replacement; an up inside the window rotates.
 * The clock is moved with SENTRY_ROTATION_NOW, as a team previews "what happens then".
 */
import { strict as assert } from "node:assert";
import { urnName } from "../../testkit/engine-events";
import {
  activeTokenIds,
  apiWrites,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { CONFIG_STACK_FILES, setStackConfig } from "../support/config-stack-clone";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("e2e: rotation windows through the real engine (config-driven stack)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let ids = { web: "", api: "", token: "" };
  // Set by the first up: when the keys are due, and when the window next opens after that.
  let dueAt = new Date(0);
  let opensAt = new Date(0);
  // Half an hour into that window.
  const inside = () => new Date(opensAt.getTime() + 30 * 60_000).toISOString();

  const writeStackConfig = (config: Record<string, unknown>) =>
    setStackConfig(e2e.workspace, config);
  const stackOutputs = async () =>
    (await e2e.workspace.outputs()) as {
      keys: Record<string, { keyId: string; nextRotationAt: string }>;
      tokens: Record<string, { keyId: string; nextRotationAt: string }>;
    };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, ".", { files: CONFIG_STACK_FILES, typeCheck: true });
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("pulumi up creates a key, a pair and a token, each with the stack's window", async () => {
    // Keys made now rotate every 30 days; the daily two-hour window opens 5 to 6 hours after that.
    opensAt = new Date(Date.now() + 30 * DAY + 6 * HOUR);
    opensAt.setUTCMinutes(0, 0, 0);
    writeStackConfig({
      "sentry-rotation:rotationWindow": {
        startTime: `${String(opensAt.getUTCHours()).padStart(2, "0")}:00`,
        duration: "2h",
        timeZone: "UTC",
      },
      "sentry-rotation:keys": [
        { name: "web", project: e2e.sandbox.project, rotateEvery: "30d" },
        { name: "api", project: e2e.sandbox.project, rotateEvery: "30d", overlap: "7d" },
      ],
      "sentry-rotation:tokens": [{ name: "ci", rotateEvery: "30d" }],
    });
    await e2e.workspace.up();
    const outputs = await stackOutputs();
    const due = [...Object.values(outputs.keys), ...Object.values(outputs.tokens)].map((o) =>
      Date.parse(o.nextRotationAt),
    );
    dueAt = new Date(Math.max(...due));
    assert.ok(
      opensAt.getTime() - dueAt.getTime() > 2 * HOUR,
      "the window opens well after the due date",
    );
    ids = {
      web: outputs.keys.web!.keyId,
      api: outputs.keys.api!.keyId,
      token: outputs.tokens.ci!.keyId,
    };
    assert.deepEqual(await keyActivity(e2e.sandbox), { [ids.web]: true, [ids.api]: true });
  });

  it("a preview after the due date, outside the window, reports the wait and plans no rotation", async () => {
    await e2e.sandbox.clearRequests();
    const outside = new Date(dueAt.getTime() + HOUR).toISOString();
    const { json } = await e2e.workspace.preview({ env: { SENTRY_ROTATION_NOW: outside } });
    assert.deepEqual(
      json.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${urnName(s.urn)}`),
      [],
      "nothing changes before the window opens",
    );
    const messages = (json.diagnostics ?? []).map((d) => d.message).join("\n");
    const waits = messages.match(/due, waits for the window opening at \S+/g) ?? [];
    assert.deepEqual(
      waits,
      [0, 1, 2].map(() => `due, waits for the window opening at ${opensAt.toISOString()}:`),
      messages,
    );
    assert.deepEqual(apiWrites(await e2e.sandbox.requests()), [], "a preview writes nothing");
  });

  it("a preview inside the window plans the rotation of the key, the pair and the token", async () => {
    const preview = await e2e.workspace.preview({ env: { SENTRY_ROTATION_NOW: inside() } });
    const planned = preview.json.steps
      .filter(
        (s) =>
          ["replace", "update"].includes(s.op) &&
          /:(ClientKey|ClientKeyPair|OrgAuthToken)::/.test(s.urn),
      )
      .map((s) => `${s.op} ${urnName(s.urn)}`)
      .sort();
    assert.deepEqual(planned, ["replace ci", "replace web", "update api"]);
  });

  it("pulumi up inside the window rotates them", async () => {
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: inside() } });
    const outputs = await stackOutputs();
    assert.notEqual(outputs.keys.web!.keyId, ids.web);
    assert.notEqual(outputs.keys.api!.keyId, ids.api);
    assert.notEqual(outputs.tokens.ci!.keyId, ids.token);
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [outputs.tokens.ci!.keyId]);
  });

  it("pulumi destroy removes every key and token it made", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});
