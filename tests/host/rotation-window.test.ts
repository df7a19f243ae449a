/**
 * Rotation windows through the real dynamic-provider host: a due key outside its window is left
 * alone and the preview says until when; inside the window it rotates; a changed trigger rotates
 * at once; a bad window is refused at check with the field named.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import type { RotationWindow } from "../../provider/rotation";
import { captureProviders } from "../../testkit/capture-provider";
import { ensureBuilt } from "../../testkit/dist";
import { type ProviderHost } from "../../testkit/provider-host";
import { byKind, type Deployed, readAuditFile, startUp, step } from "../support/audit-run";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";

const HOUR = 3_600_000;

/**
 * A daily window of two hours whose opening lies 5 to 6 hours after `dueAt` (the sandbox dates keys
 * by the real clock, so the window is placed relative to the key's due date).
 */
function windowAfter(dueAt: Date): { window: RotationWindow; opensAt: Date } {
  const opensAt = new Date(dueAt.getTime() + 6 * HOUR);
  opensAt.setUTCMinutes(0, 0, 0);
  const hh = String(opensAt.getUTCHours()).padStart(2, "0");
  return { window: { startTime: `${hh}:00`, duration: "2h", timeZone: "UTC" }, opensAt };
}

describe("rotation windows through the real provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let dir: string;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-window-"));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const up = (env: Record<string, string | undefined> = {}) =>
    startUp({
      sandbox,
      hosts,
      env: { SENTRY_ROTATION_AUDIT_LOG: path.join(dir, "a.jsonl"), ...env },
    });

  // The window is known only once the keys exist; the captured inputs get it at each step.
  const withWindow = (window: RotationWindow) => ({ rotationWindow: window });

  it("a due ClientKey, ClientKeyPair and OrgAuthToken wait outside the window and rotate inside it", async () => {
    const captured = await captureProviders(
      () => [
        new ClientKey("k", { project: sandbox.project, name: "k", rotateEvery: "30d" }),
        new ClientKeyPair("p", {
          project: sandbox.project,
          name: "p",
          rotateEvery: "30d",
          overlap: "1d",
        }),
        new OrgAuthToken("t", { name: "t", rotateEvery: "30d" }),
      ],
      { stack: "prod" },
    );
    const kinds = ["ClientKey", "ClientKeyPair", "OrgAuthToken"].map((k) => byKind(captured, k));
    const first = await up();
    const deployed: Deployed[] = [];
    for (const c of kinds) deployed.push((await step(first, c, undefined)).deployed);
    const createdAt = (d: Deployed) =>
      new Date(
        String(
          (d.outputs.current as { createdAt?: string } | undefined)?.createdAt ??
            d.outputs.createdAt,
        ),
      );
    // The latest due date of the three; each gets a window placed after it.
    const dueAt = new Date(
      Math.max(...deployed.map((d) => createdAt(d).getTime())) + 30 * 24 * HOUR,
    );
    const { window, opensAt } = windowAfter(dueAt);

    const outside = new Date(dueAt.getTime() + HOUR);
    const before = await up({ SENTRY_ROTATION_NOW: outside.toISOString() });
    for (const [i, c] of kinds.entries()) {
      const result = await step(before, c, deployed[i], withWindow(window));
      // Adding the window is an in-place update (state only); the key itself stays.
      assert.notEqual(result.step, "replace", `${c.name} must wait for its window`);
      deployed[i] = result.deployed;
      const diff = await before.diff(
        deployed[i]!.id,
        c.urn,
        deployed[i]!.state,
        deployed[i]!.inputs,
        {
          provider: c.provider,
        },
      );
      assert.equal(diff.changes, "none", `${c.name}: nothing changes before the window opens`);
    }
    const log = before.output().stdout;
    const waits = log
      .split("\n")
      .filter((line) => line.includes("due, waits for the window opening at"));
    assert.equal(waits.length >= 3, true, log);
    for (const line of waits) assert.ok(line.includes(opensAt.toISOString()), line);

    const waiting = readAuditFile(path.join(dir, "a.jsonl")).filter(
      (e) => e.action === "waiting-for-window",
    );
    assert.deepEqual(
      waiting.map((e) => [e.urn, e.windowOpensAt]),
      kinds.map((c) => [c.urn, opensAt.toISOString()]),
      "each waiting key is recorded once per run, with the opening it waits for",
    );

    const inside = await up({
      SENTRY_ROTATION_NOW: new Date(opensAt.getTime() + 30 * 60_000).toISOString(),
    });
    const steps = [];
    for (const [i, c] of kinds.entries()) {
      steps.push((await step(inside, c, deployed[i], withWindow(window))).step);
    }
    assert.deepEqual(steps, ["replace", "update", "replace"], "inside the window each rotates");
    const created = readAuditFile(path.join(dir, "a.jsonl")).filter(
      (e) => e.action === "created" && e.reason === "expired",
    );
    assert.equal(created.length, 3);
  });

  it("reports a key overdue from the first window opening after its due date, not from the due date", async () => {
    const auditFile = path.join(dir, "overdue.jsonl");
    const captured = await captureProviders(
      () => [new ClientKey("late", { project: sandbox.project, name: "late", rotateEvery: "30d" })],
      { stack: "prod" },
    );
    const key = byKind(captured, "ClientKey");
    const created = (await step(await up(), key, undefined)).deployed;
    const dueAt = new Date(new Date(String(created.outputs.createdAt)).getTime() + 30 * 24 * HOUR);
    const { window, opensAt } = windowAfter(dueAt);
    const at = async (instant: Date) => {
      const host = await up({
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
        SENTRY_ROTATION_NOW: instant.toISOString(),
      });
      const placed = await step(host, key, created, withWindow(window));
      assert.notEqual(placed.step, "replace", "outside the window nothing rotates");
    };
    const overdue = () => readAuditFile(auditFile).filter((e) => e.action === "overdue");
    // More than a day (the grace) after the due date, but less after the window it missed: not late.
    await at(new Date(opensAt.getTime() + 20 * HOUR));
    assert.deepEqual(overdue(), []);
    // More than a day after that opening, outside the next window (it closed after two hours): late.
    await at(new Date(opensAt.getTime() + 27 * HOUR));
    const [event, ...more] = overdue();
    assert.equal(more.length, 0);
    assert.equal(
      event?.detail?.startsWith(
        `due since ${opensAt.toISOString()} (the first rotationWindow opening after rotateAt ${dueAt.toISOString()})`,
      ),
      true,
      event?.detail,
    );
  });

  it("a changed rotationTriggers value rotates at once, outside the window", async () => {
    const captured = await captureProviders(
      () => [new ClientKey("e", { project: sandbox.project, name: "e", rotateEvery: "30d" })],
      { stack: "prod" },
    );
    const key = byKind(captured, "ClientKey");
    const first = await up();
    const created = (await step(first, key, undefined)).deployed;
    // Due, and the window closed: only the trigger can rotate it now.
    const dueAt = new Date(new Date(String(created.outputs.createdAt)).getTime() + 30 * 24 * HOUR);
    const { window } = windowAfter(dueAt);
    const host = await up({ SENTRY_ROTATION_NOW: new Date(dueAt.getTime() + HOUR).toISOString() });
    const placed = await step(host, key, created, withWindow(window));
    assert.equal(placed.step, "update", "due, but waits for its window");
    const leaked = await step(host, key, placed.deployed, {
      ...withWindow(window),
      rotationTriggers: { emergency: "leaked in a build log" },
    });
    assert.equal(leaked.step, "replace");
  });

  it("refuses a window with a bad time zone at check, naming the field and the fix", async () => {
    const captured = await captureProviders(
      () => [new ClientKey("bad", { project: sandbox.project, name: "bad", rotateEvery: "30d" })],
      { stack: "prod" },
    );
    const key = byKind(captured, "ClientKey");
    const host = await up();
    const checked = await host.check(
      key.urn,
      {},
      {
        ...key.inputs,
        rotationWindow: { startTime: "02:30", duration: "2h", timeZone: "Europe/Berln" },
      },
      { provider: key.provider },
    );
    assert.deepEqual(
      checked.failures.map((f) => f.property),
      ["rotationWindow"],
    );
    assert.match(
      checked.failures[0]?.reason ?? "",
      /^rotationWindow: timeZone: "Europe\/Berln" is not an IANA time zone; use a name such as "Europe\/Berlin"/,
    );
  });
});
