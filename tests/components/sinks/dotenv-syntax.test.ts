import assert from "node:assert/strict";
import { skipUnless } from "../../support/skip";
import {
  decodeValue,
  mergeDotenv,
  parseDotenv,
  readVariables,
  renderValue,
} from "../../../provider/resources/dotenv-file/dotenv-syntax";

const DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42";

describe("dotenv syntax: rendering values", function () {
  const cases: Array<[string, string, string]> = [
    ["a DSN stays bare", DSN, DSN],
    [
      "an org auth token stays bare",
      "sntrys_eyJpYXQiOjE3MDB9_abcDEF123",
      "sntrys_eyJpYXQiOjE3MDB9_abcDEF123",
    ],
    ["spaces are single-quoted", "two words", "'two words'"],
    ["$ is single-quoted (no expansion)", "pa$word", "'pa$word'"],
    ["# is single-quoted (not a comment)", "a#b", "'a#b'"],
    ["double quotes are single-quoted", 'say "hi"', `'say "hi"'`],
    ["a backslash is single-quoted", "C:\\dir", "'C:\\dir'"],
    ["the empty string is quoted", "", "''"],
    ["a newline is escaped in double quotes", "line1\nline2", '"line1\\nline2"'],
    ["a single quote is double-quoted", "it's", `"it's"`],
    ["quotes and backslashes are escaped", 'it\'s "x" \\ y', `"it's \\"x\\" \\\\ y"`],
    ["a carriage return is escaped", "a\r\nb", '"a\\r\\nb"'],
  ];
  for (const [title, value, rendered] of cases) {
    it(`${title}, and reads back to the same value`, function () {
      assert.equal(renderValue(value), rendered);
      assert.equal(decodeValue(rendered), value);
    });
  }
});

describe("dotenv syntax: reading", function () {
  it("reads bare, quoted, exported and commented assignments", function () {
    const text = [
      "# comment",
      "",
      "A=plain # inline comment",
      "export B='single # not a comment'",
      'C="double\\nescaped"',
      "D = spaced ",
      "lower_case=ok",
      "E=`backtick`",
      "not an assignment",
    ].join("\n");
    const vars = readVariables(text);
    assert.deepEqual(Object.fromEntries(vars), {
      A: "plain",
      B: "single # not a comment",
      C: "double\nescaped",
      D: "spaced",
      lower_case: "ok",
      E: "backtick",
    });
  });

  it("keeps a quoted value that spans lines as one entry", function () {
    const text = 'KEY="-----BEGIN\nabc\n-----END"\nNEXT=1\n';
    const entries = parseDotenv(text);
    assert.deepEqual(
      entries.map((e) => e.name),
      ["KEY", "NEXT"],
    );
    assert.equal(entries[0]?.value, "-----BEGIN\nabc\n-----END");
    assert.equal(entries.map((e) => e.raw).join(""), text, "raw texts join back to the file");
  });

  it("does not swallow the rest of the file after an unterminated quote", function () {
    const text = "BROKEN='no end\nOTHER=1\n";
    assert.deepEqual(
      parseDotenv(text).map((e) => e.name),
      ["BROKEN", "OTHER"],
    );
  });

  it("takes the first of duplicate assignments", function () {
    assert.equal(readVariables("X=1\nX=2\n").get("X"), "1");
  });
});

describe("dotenv syntax: merging managed variables into a file", function () {
  const assign = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it("appends to an empty file", function () {
    assert.equal(mergeDotenv("", assign({ SENTRY_DSN: DSN })), `SENTRY_DSN=${DSN}\n`);
  });

  it("rewrites a managed line in place and keeps every other line byte for byte", function () {
    const text =
      "# my settings\nDATABASE_URL=postgres://x\nexport SENTRY_DSN=old\n\nDEBUG=true # dev\n";
    const merged = mergeDotenv(text, assign({ SENTRY_DSN: DSN }));
    assert.equal(
      merged,
      `# my settings\nDATABASE_URL=postgres://x\nexport SENTRY_DSN=${DSN}\n\nDEBUG=true # dev\n`,
    );
  });

  it("drops later duplicates of a managed name", function () {
    assert.equal(mergeDotenv("A=1\nB=2\nA=3\n", assign({ A: "x" })), "A=x\nB=2\n");
  });

  it("adds a line break before appending to a file without a final one", function () {
    assert.equal(mergeDotenv("OTHER=1", assign({ A: "x" })), "OTHER=1\nA=x\n");
  });

  it("keeps CRLF line endings", function () {
    assert.equal(
      mergeDotenv("OTHER=1\r\nA=old\r\n", assign({ A: "x", B: "y" })),
      "OTHER=1\r\nA=x\r\nB=y\r\n",
    );
  });

  it("removes every assignment of a removed name and nothing else", function () {
    const text = "A=1\n# keep\nB='multi\nline'\nC=3\nB=again\n";
    assert.equal(mergeDotenv(text, new Map(), ["B"]), "A=1\n# keep\nC=3\n");
  });

  it("round-trips values that need quoting", function () {
    const values = { A: "x\ny", B: "it's", C: "$HOME", D: 'q"q' };
    const merged = mergeDotenv("KEEP=1\n", assign(values));
    assert.deepEqual(Object.fromEntries(readVariables(merged)), { KEEP: "1", ...values });
  });
});

describe("dotenv syntax: what the dotenv package reads back", function () {
  // dotenv (motdotla) is what Node programs load .env files with. It expands only \n and \r
  // inside double quotes, so values holding both a quote or line break AND `"` or `\` are the one
  // case it reads differently (documented in docs/sinks.md).
  const values = {
    SENTRY_DSN: DSN,
    SENTRY_AUTH_TOKEN: "sntrys_eyJpYXQiOjE3MDB9_abcDEF123",
    SPACED: "two words",
    DOLLAR: "pa$word",
    HASH: "a#b",
    QUOTED: 'say "hi"',
    BACKSLASH: "C:\\dir",
    EMPTY: "",
    MULTILINE: "line1\nline2",
    APOSTROPHE: "it's",
  };

  it("reads every value as written", function () {
    let dotenv: { parse(text: string): Record<string, string> };
    try {
      dotenv = require("dotenv");
    } catch {
      return skipUnless(this, false, "the dotenv package (a dependency of @sentry/node) is absent");
    }
    const text = mergeDotenv("# keep me\nOTHER=1\n", new Map(Object.entries(values)));
    assert.deepEqual(dotenv.parse(text), { OTHER: "1", ...values });
  });
});
