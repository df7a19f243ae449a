import assert from "node:assert/strict";
import * as path from "node:path";
import Mocha from "mocha";

const FIXTURES = path.join(__dirname, "fixtures", "step-suites");

/** Runs the fixture files in a Mocha of their own; the title and state of every test. */
function run(files: string[]): Promise<Array<[string, string | undefined]>> {
  const mocha = new Mocha({ reporter: function () {} as unknown as string });
  for (const file of files) mocha.addFile(path.join(FIXTURES, file));
  return new Promise((resolve) => {
    const seen: Array<[string, string | undefined]> = [];
    const runner = mocha.run(() => resolve(seen));
    runner.on("test end", (test: Mocha.Test) => seen.push([test.title, test.state ?? "pending"]));
  });
}

describe("stopAtFirstFailure (tests/support)", () => {
  it("skips a suite's later steps after its first failure, and leaves other suites running after a failure elsewhere", async () => {
    const log = console.log;
    console.log = () => undefined;
    try {
      assert.deepEqual(await run(["a-unrelated-failure.ts", "b-steps.ts"]), [
        ["fails", "failed"],
        ["one", "passed"],
        ["two", "failed"],
        ["three", "pending"],
        // Mocha's own bail would have dropped both step suites after the first failure.
        ["still run after failures elsewhere", "passed"],
      ]);
    } finally {
      console.log = log;
    }
  });
});
