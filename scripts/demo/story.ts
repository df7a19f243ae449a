/**
 * The demo's story, told step by step against a running sandbox and a workspace of
 * examples/local: create, deliver, preview, rotate, check which DSN works, check the state for
 * secrets, destroy. Each step checks what it narrates and throws when it is not so.
 */
import * as fs from "node:fs";
import { sendEventWithSentryNode } from "./send-event";
import { planLines, requestLine, seconds, short, timeOfDay } from "./narrate";
import { apiWritesOf, sandboxAdmin } from "../../testkit/sandbox-admin";
import type { PulumiWorkspace } from "../../testkit/workspace";

/** What the story needs. */
export interface StoryContext {
  workspace: PulumiWorkspace;
  sandbox: { url: string; token: string };
  /** Prints one line. */
  say: (line?: string) => void;
}

const FUTURE = { SENTRY_ROTATION_NOW: "+91d" };

/** Tells the story; resolves when every step has shown what it claims. */
export async function tellStory({ workspace, sandbox, say }: StoryContext): Promise<void> {
  const admin = sandboxAdmin(sandbox.url);
  const dsnFile = workspace.file(".env.sentry");
  const tokenFile = workspace.file(".env.sentry-ci");
  let step = 1; // step 1, getting ready, is told by scripts/demo.ts
  const heading = (title: string) => say(`\n${++step}. ${title}`);

  heading("pulumi up: create a client key and an org auth token");
  const created = await workspace.up();
  const first = await workspace.outputs();
  const oldKey = String(first.keyId);
  const oldDsn = String(first.dsn);
  say(
    `   Created client key ${short(oldKey)} and org auth token #${first.tokenId} in ${seconds(created.durationMs)}.`,
  );
  say(`   .env.sentry     SENTRY_DSN=${readVariable(dsnFile, "SENTRY_DSN")}`);
  say(`   .env.sentry-ci  SENTRY_AUTH_TOKEN=sntrys_… (a secret: not shown)`);
  say(`   The key rotates every 90 days, next on ${String(first.nextRotationAt).slice(0, 10)}.`);

  heading("Send an event with @sentry/node, using the DSN from .env.sentry");
  const sent = await sendEventWithSentryNode(readVariable(dsnFile, "SENTRY_DSN"));
  const received = await admin.events(oldKey);
  expect(
    sent.statusCode === 200 && received.some((e) => e.id === sent.eventId),
    "the event arrived",
  );
  say(
    `   The sandbox accepted it: HTTP ${sent.statusCode}, event ${short(sent.eventId)} recorded under key ${short(oldKey)}.`,
  );

  heading("pulumi preview, today");
  const today = await workspace.preview();
  const changes = today.json.steps.filter((s) => s.op !== "same");
  expect(changes.length === 0, "a preview today shows no changes");
  say(
    `   No changes: all ${today.json.steps.length} resources are as they should be. Nothing is due.`,
  );

  heading("SENTRY_ROTATION_NOW=+91d pulumi preview: what would happen in 91 days");
  await admin.clearRequests();
  const plan = await workspace.preview({ env: FUTURE, eventLog: true });
  say("   The engine plans, in this order:");
  for (const line of planLines(plan.result.events)) say(`     ${line}`);
  const why = (plan.json.diagnostics ?? []).find((d) => d.message.includes("rotation due"));
  expect(why !== undefined, "the preview explains the rotation");
  const reason = why!.message.trim().replace(/^sentry-rotation: /, "");
  say(`   Why, in the provider's words:\n     ${reason.replace(/[0-9a-f]{32}/g, short)}`);
  const writesDuringPreview = apiWritesOf(await admin.requests());
  expect(writesDuringPreview.length === 0, "a preview writes nothing");
  say("   A preview changes nothing: the sandbox received no write request.");

  heading("SENTRY_ROTATION_NOW=+91d pulumi up: rotate");
  await admin.clearRequests();
  const rotation = await workspace.up({ env: FUTURE });
  const second = await workspace.outputs();
  const newKey = String(second.keyId);
  const newDsn = String(second.dsn);
  expect(newKey !== oldKey, "the key was rotated");
  const writes = apiWritesOf(await admin.requests()).filter((r) => r.path.includes("/keys/"));
  say(
    `   Done in ${seconds(rotation.durationMs)}. What the sandbox saw for client keys, in order:`,
  );
  for (const request of writes) say(`     ${requestLine(request)}`);
  const deleted = writes.find((r) => r.method === "DELETE" && r.path.includes(oldKey));
  const dsnChanged = fs.statSync(dsnFile).ctimeMs;
  expect(deleted !== undefined && dsnChanged <= Date.parse(deleted.at), "the sink came first");
  say(
    `   .env.sentry got the new DSN at ${timeOfDay(dsnChanged)}, before the old key was deleted at ${deleted!.at.slice(11, 23)}.`,
  );
  say(`   .env.sentry     SENTRY_DSN=${readVariable(dsnFile, "SENTRY_DSN")}`);
  say(`   The org auth token (30-day schedule) was replaced the same way: now #${second.tokenId}.`);

  heading("Which DSN works now?");
  const oldStatus = (await sendEventWithSentryNode(oldDsn)).statusCode;
  const newStatus = (await sendEventWithSentryNode(newDsn)).statusCode;
  expect(oldStatus === 403 && newStatus === 200, "old DSN refused, new DSN accepted");
  say(`   old DSN (key ${short(oldKey)}): refused, HTTP ${oldStatus}`);
  say(`   new DSN (key ${short(newKey)}): accepted, HTTP ${newStatus}`);

  heading("Is anything secret readable in the state?");
  const exported = await workspace.exportState();
  const current = (await admin.keys()).find((k) => k.public === newKey);
  expect(current !== undefined, "the new key is in the sandbox");
  const secrets = [
    current!.secret,
    current!.dsn.secret,
    readVariable(tokenFile, "SENTRY_AUTH_TOKEN"),
    sandbox.token,
  ];
  expect(exported.includes("ciphertext"), "the state holds encrypted secrets");
  expect(
    secrets.every((s) => !exported.includes(s)),
    "no secret in plain text",
  );
  say(
    "   pulumi stack export shows the key's secret, the secret DSN and the org auth token only as",
  );
  say("   ciphertext (passphrase secrets provider), and the Sentry API token not at all in clear.");

  heading("pulumi destroy: clean up");
  await workspace.run(["destroy", "--yes", "--skip-preview"]);
  const left = (await admin.keys()).map((k) => k.public);
  expect(left.length === 0, "destroy removed every key");
  say(
    `   Deleted key ${short(newKey)}, revoked token #${second.tokenId}, removed the lines from the .env files.`,
  );
}

function readVariable(file: string, name: string): string {
  const line = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`${name} is missing from ${file}`);
  return line.slice(name.length + 1).replace(/^'(.*)'$/, "$1");
}

function expect(condition: boolean, claim: string): void {
  if (!condition) throw new Error(`the demo expected that ${claim}, and it is not so`);
}
