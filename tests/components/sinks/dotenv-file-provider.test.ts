import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkDotenvFile, type PathKind } from "../../../provider/resources/dotenv-file/check";
import { diffDotenvFile } from "../../../provider/resources/dotenv-file/diff";
import { probePath } from "../../../provider/resources/dotenv-file/file-io";
import { dotenvOutputs } from "../../../provider/resources/dotenv-file/outputs";
import { dotenvFileProvider } from "../../../provider/resources/dotenv-file/provider";
import {
  createDotenvFile,
  deleteDotenvFile,
  readDotenvFile,
  updateDotenvFile,
} from "../../../provider/resources/dotenv-file/operations";
import {
  type DotenvFileInputs,
  type DotenvFileOutputs,
} from "../../../provider/resources/dotenv-file/types";
import { createProviderContext, type ProviderContext } from "../../../provider/runtime/context";
import { resolveSettings } from "../../../provider/settings";
import { UNKNOWN } from "../../../provider/unknown";

const DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42";
const NEW_DSN = "https://fedcba9876543210fedcba9876543210@o1.ingest.sentry.io/42";

describe("DotenvFile provider: real files in a temp directory", function () {
  let dir: string;
  let ctx: ProviderContext;
  let logs: string[];
  const file = (name = ".env") => path.join(dir, name);
  const read = (name = ".env") => fs.readFileSync(file(name), "utf8");
  const mode = (name = ".env") => fs.statSync(file(name)).mode & 0o777;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dotenv-sink-"));
    logs = [];
    ctx = createProviderContext({
      settings: resolveSettings({ get: () => undefined }, {}),
      log: (m) => logs.push(m),
    });
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates the file with mode 0600 and records only path, names and a hash", async function () {
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN, SENTRY_RELEASE: "v 1" },
    });
    assert.equal(read(), `SENTRY_DSN=${DSN}\nSENTRY_RELEASE='v 1'\n`);
    assert.equal(mode(), 0o600);
    assert.equal(id, file());
    assert.deepEqual(Object.keys(outs).sort(), [
      "contentHash",
      "createdFile",
      "path",
      "variableNames",
    ]);
    assert.equal(outs.createdFile, true);
    assert.deepEqual(outs.variableNames, ["SENTRY_DSN", "SENTRY_RELEASE"]);
    assert.match(outs.contentHash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(outs).includes("0123456789abcdef"), "no value in the outputs");
    assert.ok(!logs.join("\n").includes("0123456789abcdef"), "no value in the log");
  });

  it("keeps a developer's other lines, comments and order, and tightens the mode to 0600", async function () {
    const mine =
      "# local settings\nDATABASE_URL=postgres://localhost/dev\nSENTRY_DSN=stale\n\nDEBUG=1 # keep\n";
    fs.writeFileSync(file(), mine, { mode: 0o644 });
    const { outs } = await createDotenvFile(ctx, { path: file(), variables: { SENTRY_DSN: DSN } });
    assert.equal(read(), mine.replace("SENTRY_DSN=stale", `SENTRY_DSN=${DSN}`));
    assert.equal(mode(), 0o600);
    assert.equal(outs.createdFile, false);
  });

  it("writes atomically: no temporary file is left next to the target", async function () {
    fs.writeFileSync(file(), "OTHER=1\n");
    await createDotenvFile(ctx, { path: file(), variables: { SENTRY_DSN: DSN } });
    assert.deepEqual(fs.readdirSync(dir), [".env"]);
  });

  it("replaces the inode by rename rather than rewriting the file in place", async function () {
    fs.writeFileSync(file(), "OTHER=1\n");
    const before = fs.statSync(file()).ino;
    const held = fs.openSync(file(), "r"); // a reader that opened the old file keeps seeing it
    try {
      await createDotenvFile(ctx, { path: file(), variables: { SENTRY_DSN: DSN } });
      assert.notEqual(fs.statSync(file()).ino, before);
      assert.equal(fs.readFileSync(held, "utf8"), "OTHER=1\n");
    } finally {
      fs.closeSync(held);
    }
  });

  it("writes through a symlink to the real file, keeping the link", async function () {
    fs.mkdirSync(path.join(dir, "shared"));
    fs.writeFileSync(file("shared/real.env"), "OTHER=1\n");
    fs.symlinkSync(path.join("shared", "real.env"), file());
    await createDotenvFile(ctx, { path: file(), variables: { SENTRY_DSN: DSN } });
    assert.ok(fs.lstatSync(file()).isSymbolicLink());
    assert.equal(read("shared/real.env"), `OTHER=1\nSENTRY_DSN=${DSN}\n`);
  });

  it("updates values in place and drops variables no longer managed", async function () {
    fs.writeFileSync(file(), "OTHER=1\n");
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN, SENTRY_KEY_ID: "k1" },
    });
    const updated = await updateDotenvFile(ctx, id, outs, {
      path: file(),
      variables: { SENTRY_DSN: NEW_DSN },
    });
    assert.equal(read(), `OTHER=1\nSENTRY_DSN=${NEW_DSN}\n`);
    assert.deepEqual(updated.variableNames, ["SENTRY_DSN"]);
    assert.notEqual(updated.contentHash, outs.contentHash);
    assert.equal(updated.createdFile, false);
  });

  it("moves the lines to a new path: written there first, then removed from the old file", async function () {
    fs.writeFileSync(file(), "OTHER=1\n");
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN },
    });
    const moved = await updateDotenvFile(ctx, id, outs, {
      path: file("app.env"),
      variables: { SENTRY_DSN: DSN },
    });
    assert.equal(read(), "OTHER=1\n");
    assert.equal(read("app.env"), `SENTRY_DSN=${DSN}\n`);
    assert.equal(moved.path, file("app.env"));
    assert.equal(moved.createdFile, true);
  });

  it("delete removes only its lines from a file it did not create", async function () {
    fs.writeFileSync(file(), "OTHER=1\n");
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN },
    });
    await deleteDotenvFile(ctx, id, outs);
    assert.equal(read(), "OTHER=1\n");
  });

  it("delete removes a file it created once nothing else is left", async function () {
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN },
    });
    await deleteDotenvFile(ctx, id, outs);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("delete keeps a file it created when someone added lines since", async function () {
    const { id, outs } = await createDotenvFile(ctx, {
      path: file(),
      variables: { SENTRY_DSN: DSN },
    });
    fs.appendFileSync(file(), "ADDED_LATER=1\n");
    await deleteDotenvFile(ctx, id, outs);
    assert.equal(read(), "ADDED_LATER=1\n");
  });

  it("delete of a file already gone succeeds", async function () {
    const gone: DotenvFileOutputs = {
      path: file(),
      variableNames: ["SENTRY_DSN"],
      contentHash: "x",
      createdFile: true,
    };
    await deleteDotenvFile(ctx, file(), gone);
    await deleteDotenvFile(ctx, file("missing-dir/.env"), {
      ...gone,
      path: file("missing-dir/.env"),
    });
  });

  it("two resources writing one file concurrently keep each other's lines", async function () {
    await Promise.all([
      createDotenvFile(ctx, { path: file(), variables: { SENTRY_DSN: DSN } }),
      createDotenvFile(ctx, { path: file(), variables: { SENTRY_AUTH_TOKEN: "sntrys_x" } }),
      createDotenvFile(ctx, { path: file(), variables: { SENTRY_KEY_ID: "k1" } }),
    ]);
    const lines = read().trim().split("\n").sort();
    assert.deepEqual(lines, [
      `SENTRY_AUTH_TOKEN=sntrys_x`,
      `SENTRY_DSN=${DSN}`,
      "SENTRY_KEY_ID=k1",
    ]);
  });

  it("read (refresh) reports a hand edit as a different hash, and diff then rewrites", async function () {
    const inputs = { path: file(), variables: { SENTRY_DSN: DSN } };
    const { id, outs } = await createDotenvFile(ctx, inputs);
    assert.equal((await readDotenvFile(ctx, id, outs)).props.contentHash, outs.contentHash);
    assert.equal(diffDotenvFile(outs, inputs).changes, false);

    fs.writeFileSync(file(), "SENTRY_DSN=edited-by-hand\n");
    const refreshed = (await readDotenvFile(ctx, id, outs)).props;
    assert.notEqual(refreshed.contentHash, outs.contentHash);
    assert.equal(diffDotenvFile(refreshed, inputs).changes, true);

    fs.rmSync(file());
    const missing = (await readDotenvFile(ctx, id, outs)).props;
    assert.notEqual(missing.contentHash, outs.contentHash);
  });

  it("the host-facing provider answers check, diff and the CRUD calls", async function () {
    const checked = await dotenvFileProvider.check({}, { path: file(), variables: { A: "1" } });
    assert.deepEqual(checked.failures, []);
    const created = await dotenvFileProvider.create(checked.inputs as never);
    const same = await dotenvFileProvider.diff(
      created.id,
      created.outs as never,
      checked.inputs as never,
    );
    assert.deepEqual(same, { changes: false, replaces: [], deleteBeforeReplace: false });
    await dotenvFileProvider.delete(created.id, created.outs as never);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

describe("DotenvFile check", function () {
  const table: Record<string, PathKind> = {
    "/work/app": "directory",
    "/work/app/.env": "missing",
    "/work/app/sub": "directory",
    "/work/file.txt": "file",
    "/work/dev/null": "other",
    "/work": "directory",
    "/": "directory",
  };
  const probe = (p: string) => table[p] ?? "missing";
  const check = (news: Record<string, unknown>) => checkDotenvFile(news, probe, "/work/app");
  const variables = { SENTRY_DSN: DSN };

  it("resolves a relative path against the working directory", function () {
    const { inputs, failures } = check({ path: ".env", variables });
    assert.deepEqual(failures, []);
    assert.equal(inputs.path, "/work/app/.env");
  });

  it("accepts unknown values during preview", function () {
    assert.deepEqual(check({ path: UNKNOWN, variables: UNKNOWN }).failures, []);
    assert.deepEqual(check({ path: ".env", variables: { SENTRY_DSN: UNKNOWN } }).failures, []);
  });

  const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a missing path", { variables }, "path", /path: is required/],
    [
      "a directory",
      { path: "/work/app", variables },
      "path",
      /is a directory; give the file inside it, e\.g\. \/work\/app\/\.env/,
    ],
    ["a device", { path: "/work/dev/null", variables }, "path", /not a regular file/],
    [
      "a missing directory",
      { path: "nope/.env", variables },
      "path",
      /directory \/work\/app\/nope does not exist/,
    ],
    [
      "a file as directory",
      { path: "/work/file.txt/.env", variables },
      "path",
      /\/work\/file\.txt is not a directory/,
    ],
    ["no variables", { path: ".env" }, "variables", /variables: must be a map/],
    ["empty variables", { path: ".env", variables: {} }, "variables", /at least one variable/],
    [
      "a lower-case name",
      { path: ".env", variables: { sentry_dsn: DSN } },
      "variables",
      /"sentry_dsn" is not a valid variable name.*SENTRY_DSN/,
    ],
    [
      "a name with a dash",
      { path: ".env", variables: { "SENTRY-DSN": DSN } },
      "variables",
      /not a valid variable name/,
    ],
    [
      "a leading digit",
      { path: ".env", variables: { "1DSN": DSN } },
      "variables",
      /not a valid variable name/,
    ],
    [
      "a non-string value",
      { path: ".env", variables: { SENTRY_DSN: 42 } },
      "variables",
      /value of SENTRY_DSN must be a string \(got a number\)/,
    ],
  ];
  for (const [title, news, property, reason] of bad) {
    it(`rejects ${title}, naming ${property}`, function () {
      const { failures } = check(news);
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0]?.property, property);
      assert.match(failures[0]?.reason ?? "", reason);
    });
  }

  it("never quotes a value in a failure", function () {
    const { failures } = check({ path: ".env", variables: { bad_name: DSN, OK: { nested: DSN } } });
    assert.ok(failures.length > 0);
    assert.ok(!JSON.stringify(failures).includes("0123456789abcdef"));
  });

  it("probes the real file system in the provider", function () {
    assert.equal(probePath(os.tmpdir()), "directory");
    assert.equal(probePath(path.join(os.tmpdir(), "no-such-file-here-4711")), "missing");
  });
});

describe("DotenvFile diff", function () {
  it("reports changed values, names and paths as an in-place update, never a replacement", function () {
    const outs = dotenvOutputs("/app/.env", { SENTRY_DSN: DSN }, false);
    const same = diffDotenvFile(outs, { path: "/app/.env", variables: { SENTRY_DSN: DSN } });
    assert.equal(same.changes, false);
    const changed: DotenvFileInputs[] = [
      { path: "/app/.env", variables: { SENTRY_DSN: NEW_DSN } },
      { path: "/app/.env", variables: { SENTRY_DSN: DSN, SENTRY_KEY_ID: "k" } },
      { path: "/other/.env", variables: { SENTRY_DSN: DSN } },
      { path: "/app/.env", variables: { SENTRY_DSN: UNKNOWN } },
    ];
    for (const news of changed) {
      const decision = diffDotenvFile(outs, news);
      assert.equal(decision.changes, true, JSON.stringify(news.variables));
      assert.deepEqual(decision.replaces, []);
      assert.ok(!decision.reasons.join(" ").includes("fedcba"), "reasons never carry a value");
    }
  });
});
