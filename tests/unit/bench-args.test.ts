/** `npm run bench` options (scripts/bench/args.ts): the real engine's backends and latency. */
import { strict as assert } from "node:assert";
import { parseBenchArgs } from "../../scripts/bench/args";

describe("bench: command-line options", () => {
  const env = { PULUMI_PARALLEL: "8" };

  it("defaults: 200 keys in 20 projects, both backends when --engine, no added latency", () => {
    const options = parseBenchArgs(["--engine"], env);
    assert.deepEqual(options, {
      keys: 200,
      projects: 20,
      parallel: 8,
      engine: true,
      backends: ["file", "service"],
      serviceLatencyMs: 0,
    });
  });

  it("takes one backend and the service's latency, in either flag form", () => {
    const options = parseBenchArgs(["--backend", "service", "--service-latency=50"], env);
    assert.deepEqual(options.backends, ["service"]);
    assert.equal(options.serviceLatencyMs, 50);
    assert.deepEqual(parseBenchArgs(["--backend=file"], env).backends, ["file"]);
  });

  it("names the flag and the accepted values on bad input", () => {
    assert.throws(
      () => parseBenchArgs(["--backend", "cloud"], env),
      /--backend must be file, service or both, got "cloud"/,
    );
    assert.throws(
      () => parseBenchArgs(["--service-latency", "-5"], env),
      /--service-latency must be a whole number from 0 to 1000/,
    );
    assert.throws(() => parseBenchArgs(["--backend"], env), /--backend needs a value/);
  });
});
