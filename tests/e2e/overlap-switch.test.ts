/**
 * Adding and removing `overlap` on a RotatingClientKey under the real engine (examples/local): the
 * child switches between ClientKey and ClientKeyPair, and the key in use stays current both ways.
 * No key is created, none deleted, the DSN keeps working, and the preview shows one update of the
 * new type (the alias carries the old state), not a create plus a delete. Also with a key adopted
 * through `existingKeyId`, which the old resource must not delete behind the pair's back.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import { readAuditFile } from "../support/audit-run";
import {
  apiWrites,
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

for (const adopted of [false, true]) {
  describe(`e2e: switching overlap on and off keeps the current key${adopted ? " (existingKeyId)" : ""}`, function () {
    this.timeout(PULUMI_STEP_TIMEOUT_MS);
    stopAtFirstFailure(this);
    let e2e: E2eFixture;
    let auditFile = "";
    let key = { id: "", dsn: "" };

    const env = () => ({ SENTRY_ROTATION_AUDIT_LOG: auditFile });
    const setOverlap = (value?: string) =>
      e2e.workspace.run(
        value === undefined ? ["config", "rm", "overlap"] : ["config", "set", "overlap", value],
      );
    // The preview of the switch: the new type is updated in place, nothing created or deleted.
    const assertPreviewKeeps = async (to: string) => {
      const { json } = await e2e.workspace.preview({ env: env() });
      const keyTypes: string[] = [TYPES.clientKey, TYPES.clientKeyPair];
      const ops = json.steps
        .map((s) => ({ op: s.op, type: s.urn.split("::")[2]?.split("$").pop() ?? "" }))
        .filter((s) => keyTypes.includes(s.type))
        .map((s) => `${s.op} ${s.type}`);
      assert.deepEqual(ops, [`update ${to}`], `one in-place update of the key: ${ops.join(", ")}`);
      assert.equal(json.changeSummary.create ?? 0, 0, JSON.stringify(json.changeSummary));
      assert.equal(json.changeSummary.delete ?? 0, 0, JSON.stringify(json.changeSummary));
    };
    const upKeeps = async (type: string) => {
      await e2e.sandbox.clearRequests();
      await e2e.workspace.up({ env: env() });
      const outputs = await e2e.workspace.outputs();
      assert.equal(outputs.keyId, key.id, "the same key is current");
      assert.equal(outputs.dsn, key.dsn);
      assert.equal(outputs.previousKeyId, undefined);
      const writes = apiWrites(await e2e.sandbox.requests());
      assert.deepEqual(
        writes.filter((w) => w.method === "POST" || w.method === "DELETE"),
        [],
        "no key created or deleted",
      );
      assert.deepEqual(await keyActivity(e2e.sandbox), { [key.id]: true });
      assert.equal(dotenvValue(e2e.workspace.file(".env.sentry"), "SENTRY_DSN"), key.dsn);
      assert.equal((await sendEventWithSentryNode(key.dsn)).statusCode, 200);
      const state = await e2e.workspace.exportState();
      assert.equal(exportedResources(state, type).length, 1, `one ${type}`);
      const other = type === TYPES.clientKey ? TYPES.clientKeyPair : TYPES.clientKey;
      assert.equal(exportedResources(state, other).length, 0, `no ${other} left`);
    };
    const handedOver = () =>
      readAuditFile(auditFile)
        .filter((e) => e.action === "handed-over")
        .map((e) => `${e.keyId}: ${e.detail?.split(",")[0]}`);

    before(async function () {
      this.timeout(ENGINE_SETUP_TIMEOUT_MS);
      const binDir = await e2eEngine(this);
      e2e = await startE2e(binDir, "examples/local", {
        config: { rotateEvery: "30d", tokenRotateEvery: "365d" },
      });
      auditFile = path.join(e2e.workspace.root, "audit.jsonl");
      if (adopted) {
        const { sandbox } = e2e;
        const response = await fetch(
          `${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${sandbox.token}`,
              "Content-Type": "application/json",
            },
            body: JSON.stringify({ name: "made outside Pulumi" }),
          },
        );
        assert.equal(response.status, 201);
        const made = (await response.json()) as { id: string; dsn: { public: string } };
        key = { id: made.id, dsn: made.dsn.public };
        await e2e.workspace.run(["config", "set", "existingKeyId", key.id]);
      }
    });
    after(async () => {
      await e2e?.dispose();
    });

    it("first up without overlap: one ClientKey, its DSN accepted", async () => {
      await e2e.workspace.up({ env: env() });
      const outputs = await e2e.workspace.outputs();
      if (adopted) assert.equal(outputs.keyId, key.id, "the existing key was adopted");
      key = { id: String(outputs.keyId), dsn: String(outputs.dsn) };
      assert.equal((await sendEventWithSentryNode(key.dsn)).statusCode, 200);
    });

    it("overlap added: the pair keeps the key (preview: one update), nothing created or deleted", async () => {
      await setOverlap("7d");
      await assertPreviewKeeps(TYPES.clientKeyPair);
      await upKeeps(TYPES.clientKeyPair);
      assert.deepEqual(handedOver(), [`${key.id}: overlap added: key ${key.id} stays current`]);
      const { json } = await e2e.workspace.preview({ env: env() });
      assert.deepEqual(Object.keys(json.changeSummary), ["same"], "settled after the switch");
    });

    it("overlap removed: the ClientKey keeps the key, nothing created or deleted", async () => {
      await setOverlap(undefined);
      await assertPreviewKeeps(TYPES.clientKey);
      await upKeeps(TYPES.clientKey);
      assert.deepEqual(handedOver(), [
        `${key.id}: overlap added: key ${key.id} stays current`,
        `${key.id}: overlap removed: key ${key.id} stays current`,
      ]);
      const { json } = await e2e.workspace.preview({ env: env() });
      assert.deepEqual(Object.keys(json.changeSummary), ["same"], "settled after the switch");
    });

    it("and on again: still the same key", async () => {
      await setOverlap("7d");
      await upKeeps(TYPES.clientKeyPair);
    });

    it("overlap removed during an overlap: the current key stays, the previous key is deleted", async () => {
      // The rotation at +31d (from the key's creation) makes the kept key the previous one.
      await e2e.workspace.up({ env: { ...env(), SENTRY_ROTATION_NOW: "+31d" } });
      const rotatedTo = await e2e.workspace.outputs();
      assert.equal(rotatedTo.previousKeyId, key.id);
      const previous = key.id;
      key = { id: String(rotatedTo.keyId), dsn: String(rotatedTo.dsn) };
      await setOverlap(undefined);
      await e2e.sandbox.clearRequests();
      await e2e.workspace.up({ env: env() });
      const outputs = await e2e.workspace.outputs();
      assert.equal(outputs.keyId, key.id, "the pair's current key stays current");
      assert.equal(outputs.previousKeyId, undefined);
      assert.deepEqual(
        apiWrites(await e2e.sandbox.requests()).map(
          (w) => `${w.method} ${w.path.split("/").slice(-2, -1)[0]}`,
        ),
        [`DELETE ${previous}`],
        "only the previous key leaves; no key is created",
      );
      assert.deepEqual(await keyActivity(e2e.sandbox), { [key.id]: true });
      assert.equal((await sendEventWithSentryNode(key.dsn)).statusCode, 200);
      assert.equal(dotenvValue(e2e.workspace.file(".env.sentry"), "SENTRY_DSN"), key.dsn);
      const events = readAuditFile(auditFile);
      assert.ok(
        events.some(
          (e) => e.action === "deleted" && e.keyId === previous && e.reason === "replaced",
        ),
        "the previous key's removal is audited",
      );
      assert.match(handedOver().at(-1)!, new RegExp(`^${key.id}: overlap removed`));
      // The ClientKey kept the pair's resource id: a refresh still finds its key by the state.
      await e2e.workspace.run(["refresh", "--yes", "--skip-preview"], { env: env() });
      assert.equal((await e2e.workspace.outputs()).keyId, key.id);
      const { json } = await e2e.workspace.preview({ env: env() });
      assert.deepEqual(Object.keys(json.changeSummary), ["same"], "settled after the refresh");
    });
  });
}
