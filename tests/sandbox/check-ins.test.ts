import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin, type SandboxAdmin } from "../../testkit/sandbox-admin";
import { api, keysPath, request, startTestSandbox } from "../support/sandbox-http";

const ID = "2992b18d4b4c4d1a96d6c22819b13535";
const CONFIG = {
  schedule: { type: "crontab", value: "17 6 * * *" },
  checkin_margin: 30,
  max_runtime: 60,
  timezone: "UTC",
};

describe("sandbox: cron monitor check-ins", function () {
  let sandbox: RunningSandbox;
  let admin: SandboxAdmin;
  let key: { id: string; dsn: { crons: string } };
  const envelopeOf = (...checkIns: object[]) =>
    Buffer.from(
      `{}\n${checkIns
        .map((c) => `${JSON.stringify({ type: "check_in" })}\n${JSON.stringify(c)}`)
        .join("\n")}\n`,
    );
  const sendEnvelope = (...checkIns: object[]) =>
    request(`${sandbox.url}/api/${sandbox.projectId}/envelope/?sentry_key=${key.id}`, {
      method: "POST",
      body: envelopeOf(...checkIns),
    });
  const cronUrl = (slug: string) => key.dsn.crons.replace("___MONITOR_SLUG___", slug);

  before(async function () {
    sandbox = await startTestSandbox();
    admin = sandboxAdmin(sandbox.url);
    key = (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as typeof key;
  });
  after(async function () {
    await sandbox.close();
  });
  beforeEach(async function () {
    await admin.clearCheckIns();
  });

  it("envelope check_in items: in_progress with monitor_config creates the monitor, then ok closes it", async function () {
    const started = await sendEnvelope({
      check_in_id: ID,
      monitor_slug: "rotation",
      status: "in_progress",
      environment: "production",
      monitor_config: CONFIG,
    });
    assert.equal(started.status, 200);
    const finished = await sendEnvelope({
      check_in_id: ID,
      monitor_slug: "rotation",
      status: "ok",
      duration: 12.5,
    });
    assert.equal(finished.status, 200);
    const checkIns = await admin.checkIns("rotation");
    assert.deepEqual(
      checkIns.map((c) => [c.checkInId, c.status, c.outcome, c.via, c.publicKey]),
      [
        [ID, "in_progress", "accepted", "envelope", key.id],
        [ID, "ok", "accepted", "envelope", key.id],
      ],
    );
    assert.equal(checkIns[1]!.duration, 12.5);
    assert.deepEqual(await admin.monitors(), [
      {
        projectId: sandbox.projectId,
        slug: "rotation",
        config: {
          schedule: { type: "crontab", value: "17 6 * * *" },
          checkinMargin: 30,
          maxRuntime: 60,
          timezone: "UTC",
        },
        environments: { production: { lastStatus: "ok", lastCheckInId: ID } },
      },
    ]);
  });

  it("a check-in for an unknown monitor without monitor_config is dropped, as Sentry drops it", async function () {
    const res = await sendEnvelope({ check_in_id: ID, monitor_slug: "nobody", status: "ok" });
    assert.equal(res.status, 200, "the envelope is accepted; the item is dropped later");
    const [checkIn] = await admin.checkIns("nobody");
    assert.equal(checkIn!.outcome, "dropped");
    assert.match(checkIn!.reason!, /no monitor "nobody" and no monitor_config/);
    assert.deepEqual(await admin.monitors(), []);
  });

  it("invalid items are dropped with the reason: bad status, bad schedule, margin out of range", async function () {
    await sendEnvelope(
      { check_in_id: ID, monitor_slug: "a", status: "missed" },
      {
        check_in_id: ID,
        monitor_slug: "b",
        status: "ok",
        monitor_config: { schedule: { type: "crontab", value: "daily" } },
      },
      {
        check_in_id: ID,
        monitor_slug: "c",
        status: "ok",
        monitor_config: { ...CONFIG, checkin_margin: 40_321 },
      },
    );
    assert.deepEqual(
      (await admin.checkIns()).map((c) => [c.monitorSlug, c.outcome, c.reason]),
      [
        ["a", "dropped", 'status "missed" is not in_progress, ok or error'],
        ["b", "dropped", "monitor_config.schedule.value is not a five-field crontab line"],
        ["c", "dropped", "monitor_config.checkin_margin must be a whole number from 1 to 40320"],
      ],
    );
  });

  it("the DSN cron endpoint: POST JSON with monitor_config, then GET ?status= with the nil id closing it", async function () {
    assert.match(
      cronUrl("nightly"),
      new RegExp(`/api/${sandbox.projectId}/cron/nightly/${key.id}/$`),
    );
    const opened = await request(cronUrl("nightly"), {
      method: "POST",
      body: {
        check_in_id: ID,
        status: "in_progress",
        monitor_config: { schedule: { type: "interval", value: 1, unit: "day" } },
      },
    });
    assert.equal(opened.status, 202, opened.text);
    const closed = await request(
      `${cronUrl("nightly")}?status=error&check_in_id=${"0".repeat(32)}&duration=3`,
    );
    assert.equal(closed.status, 202, closed.text);
    assert.deepEqual(
      (await admin.checkIns("nightly")).map((c) => [c.checkInId, c.status, c.via, c.outcome]),
      [
        [ID, "in_progress", "cron-endpoint", "accepted"],
        [ID, "error", "cron-endpoint", "accepted"],
      ],
    );
    assert.equal((await admin.monitors())[0]!.environments.production!.lastStatus, "error");
  });

  it("the cron endpoint refuses an unknown key (403) and a malformed check-in (400); /crons/ works too", async function () {
    const unknown = await request(
      `${sandbox.url}/api/${sandbox.projectId}/cron/x/${"0".repeat(32)}/?status=ok`,
    );
    assert.equal(unknown.status, 403);
    const bad = await request(`${cronUrl("x")}?status=finished`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /status \\"finished\\" is not in_progress, ok or error/);
    const plural = await request(`${sandbox.url}/api/${sandbox.projectId}/crons/y/${key.id}/`, {
      method: "POST",
      body: { status: "ok", monitor_config: CONFIG },
    });
    assert.equal(plural.status, 202);
    assert.equal((await admin.checkIns("y"))[0]!.outcome, "accepted");
  });
});
