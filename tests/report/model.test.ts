import assert from "node:assert/strict";
import { managedKeys } from "../../report/model";
import { parseStackExport } from "../../report/state-export";
import { type ExportDocument, loadExport, recordedFacts, resourceOf } from "./recorded-export";

const keysOf = (doc: ExportDocument) =>
  managedKeys(parseStackExport(JSON.stringify(doc), "state.json"));

describe("report model: the keys a recorded stack manages", () => {
  const facts = recordedFacts();

  it("lists every key of a real export: single keys, a pair's current and previous, a token", () => {
    const keys = keysOf(loadExport());
    assert.deepEqual(
      keys.map((k) => [k.resource, k.name, k.role, k.keyId ?? k.tokenId]).sort(),
      [
        ["ClientKey", "legacy", "current", facts.legacy.keyId],
        ["ClientKey", "web", "current", facts.web.keyId],
        ["ClientKeyPair", "api", "current", facts.apiCurrent.keyId],
        ["ClientKeyPair", "api", "previous", facts.apiPrevious.keyId],
        ["OrgAuthToken", "ci", "current", facts.token.tokenId],
      ].sort(),
    );
    const web = keys.find((k) => k.name === "web");
    assert.deepEqual(
      [
        web?.stack,
        web?.organization,
        web?.project,
        web?.createdAt,
        web?.rotateAt,
        web?.rotateEvery,
      ],
      ["prod", "acme", "web", facts.web.createdAt, facts.web.rotateAt, "90d"],
    );
    const token = keys.find((k) => k.resource === "OrgAuthToken");
    assert.equal(token?.keyType, "org-auth-token");
    assert.equal(token?.tokenLastCharacters, facts.token.last);
    const previous = keys.find((k) => k.role === "previous");
    assert.equal(previous?.deactivateAt, facts.apiPrevious.deactivateAt);
    assert.equal(previous?.isActive, true);
    assert.equal(keys.find((k) => k.name === "legacy")?.rotateAt, undefined);
  });

  it("maps each sink receipt to the key it names, with the key it last delivered", () => {
    const keys = keysOf(loadExport());
    const sinks = (name: string, role = "current") =>
      keys.find((k) => k.name === name && k.role === role)?.sinks;
    assert.deepEqual(
      sinks("web")
        ?.map((s) => [s.sink.replace(/^.*\//, ""), s.keyId])
        .sort(),
      [
        ["web-public.env", facts.web.keyId],
        ["web.env", facts.web.keyId],
      ],
    );
    assert.deepEqual(
      sinks("api")?.map((s) => s.keyId),
      [facts.apiCurrent.keyId],
    );
    assert.deepEqual(sinks("api", "previous"), [], "sinks moved on to the current key");
    assert.deepEqual(
      sinks("ci")?.map((s) => s.keyId),
      [facts.token.tokenId],
    );
    assert.deepEqual(sinks("legacy"), []);
  });

  it("falls back to the sink components of the same parent when a stack has no receipts", () => {
    const doc = loadExport();
    doc.deployment.resources = doc.deployment.resources.filter(
      (r) => !r.type.endsWith(":SinkReceipt"),
    );
    const web = keysOf(doc).find((k) => k.name === "web");
    assert.deepEqual(web?.sinks.map((s) => s.sink).sort(), [
      "DotenvFileSink web-sink-0",
      "DotenvFileSink web-sink-1",
    ]);
  });

  it("shows a replaced key whose delete failed as pending delete, and a pair's retiring keys", () => {
    const doc = loadExport();
    const web = resourceOf(doc, "ClientKey", "web");
    doc.deployment.resources.push({
      ...structuredClone(web),
      delete: true,
      outputs: { ...web.outputs, keyId: "d".repeat(32) },
    });
    resourceOf(doc, "ClientKeyPair", "api").outputs!.retiring = ["e".repeat(32)];
    const keys = keysOf(doc);
    const pending = keys.filter((k) => k.role === "pending-delete");
    assert.deepEqual(
      pending.map((k) => [k.keyId, k.sinks.length]),
      [["d".repeat(32), 0]],
    );
    assert.equal(keys.filter((k) => k.name === "web" && k.role === "current").length, 1);
    const retiring = keys.filter((k) => k.role === "retiring");
    assert.deepEqual(
      retiring.map((k) => [k.name, k.keyId]),
      [["api", "e".repeat(32)]],
    );
  });

  it("never reads a secret: an output the engine stores encrypted reads as absent", () => {
    const doc = loadExport();
    const secret = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: "v1:abc:def",
    };
    Object.assign(resourceOf(doc, "ClientKey", "web").outputs!, { project: secret, keyId: secret });
    const web = keysOf(doc).find((k) => k.name === "web");
    assert.equal(web?.project, undefined);
    assert.equal(web?.keyId, undefined);
    assert.ok(!JSON.stringify(keysOf(doc)).includes("v1:"));
  });
});
