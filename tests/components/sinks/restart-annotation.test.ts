import assert from "node:assert/strict";
import { restartAnnotationKey } from "../../../components/sinks";

// A Kubernetes annotation key: a DNS-subdomain prefix, "/", and a name of at most 63 characters.
const VALID_KEY = /^sentry-rotation\/[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

describe("restartAnnotationKey (one pod-template annotation per sink)", () => {
  it("names the sink when its name fits", () => {
    assert.equal(restartAnnotationKey("web-sink-0"), "sentry-rotation/key-id.web-sink-0");
    assert.equal(restartAnnotationKey("ci-sink-1"), "sentry-rotation/key-id.ci-sink-1");
  });

  it("gives different sinks different keys, also when their names clean up alike", () => {
    const names = ["web:sink", "web/sink", "web-sink", "a".repeat(80), `${"a".repeat(79)}b`];
    const keys = names.map(restartAnnotationKey);
    assert.equal(new Set(keys).size, names.length, keys.join("\n"));
  });

  it("always makes a valid annotation key", () => {
    for (const name of ["x", "-x-", "Ünïcode sink", "a".repeat(200), "___", "web.sink_0", "9"]) {
      const key = restartAnnotationKey(name);
      assert.match(key, VALID_KEY, `${name} -> ${key}`);
    }
  });

  it("is stable: the same sink always patches the same annotation", () => {
    assert.equal(restartAnnotationKey("a".repeat(90)), restartAnnotationKey("a".repeat(90)));
  });
});
