/**
 * The config-driven stack (Pulumi.yaml at the root) under the real engine: adding and removing
 * `overlap` on a key entry of `sentry-rotation:keys` keeps the key in use (one update, no new key,
 * none deleted), as tests/e2e/overlap-switch.test.ts proves for a program.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { parse, stringify } from "yaml";
import {
  apiWrites,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const CLONE_FILES = [
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "stack",
  "components",
  "provider",
  "index.ts",
];

describe("e2e: config stack, adding and removing overlap on a key entry keeps the key", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let keyId = "";

  const setEntry = (overlap: string | undefined) => {
    const file = e2e.workspace.file(`Pulumi.${e2e.workspace.stack}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    doc.config["sentry-rotation:keys"] = [
      {
        name: "web",
        project: e2e.sandbox.project,
        rotateEvery: "30d",
        ...(overlap ? { overlap } : {}),
      },
    ];
    fs.writeFileSync(file, stringify(doc));
  };
  const currentKeyId = async () => {
    const outputs = (await e2e.workspace.outputs()) as { keys: Record<string, { keyId: string }> };
    return outputs.keys.web!.keyId;
  };
  const switchKeeps = async (overlap: string | undefined, type: string) => {
    setEntry(overlap);
    const { json } = await e2e.workspace.preview();
    const keyTypes: string[] = [TYPES.clientKey, TYPES.clientKeyPair];
    const ops = json.steps
      .map((s) => ({ op: s.op, type: s.urn.split("::")[2]?.split("$").pop() ?? "" }))
      .filter((s) => keyTypes.includes(s.type) && s.op !== "same")
      .map((s) => `${s.op} ${s.type}`);
    assert.deepEqual(ops, [`update ${type}`]);
    await e2e.sandbox.clearRequests();
    await e2e.workspace.up();
    assert.equal(await currentKeyId(), keyId);
    const writes = apiWrites(await e2e.sandbox.requests());
    assert.deepEqual(
      writes.filter((w) => w.method === "POST" || w.method === "DELETE"),
      [],
      "no key created or deleted",
    );
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keyId]: true });
  };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, ".", { files: CLONE_FILES });
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("first up without overlap, then overlap added and removed: the same key throughout", async () => {
    setEntry(undefined);
    await e2e.workspace.up();
    keyId = await currentKeyId();
    await switchKeeps("7d", TYPES.clientKeyPair);
    await switchKeeps(undefined, TYPES.clientKey);
  });
});
