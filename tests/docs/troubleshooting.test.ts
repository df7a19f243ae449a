import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  extractMessages,
  messagePattern,
  missingFrom,
  TROUBLESHOOTING_PAGE,
} from "../../scripts/troubleshooting/messages";
import { MISSING_TOKEN_MESSAGE } from "../../provider/settings";
import { hintFor } from "../../provider/sentry/error-details";

describe("troubleshooting: messages extracted from the code", () => {
  it("takes string and template literals of three words or more, not module names or short strings", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "messages-"));
    try {
      fs.mkdirSync(path.join(root, "provider", "nested"), { recursive: true });
      fs.writeFileSync(
        path.join(root, "provider", "nested", "a.ts"),
        [
          'import { x } from "../some module name";',
          'const y = require("another module path here");',
          'const label = "short text";',
          'throw new InputError(field, `"${value}" is not a duration; use ${EXAMPLES}.`);',
          'const hint = "check the organization slug and id";',
        ].join("\n"),
      );
      fs.writeFileSync(path.join(root, "provider", "b.d.ts"), 'declare const z = "a b c d";');
      const messages = extractMessages(root, ["provider", "absent"]);
      assert.deepStrictEqual(
        messages.map((m) => [m.file, m.line, m.template]),
        [
          [path.join("provider", "nested", "a.ts"), 4, '"<…>" is not a duration; use <…>.'],
          [path.join("provider", "nested", "a.ts"), 5, "check the organization slug and id"],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("matches a message written with placeholders on one line, and nothing else", () => {
    const message = { parts: ['"', '" is not a duration; use ', "."] };
    const pattern = messagePattern(message);
    assert.match(
      '- `rotateEvery: "<value>" is not a duration; use a duration such as "90d".`',
      pattern,
    );
    assert.doesNotMatch('"x" is not a period; use "90d".', pattern);
    assert.doesNotMatch('"x" is not a\nduration; use "90d".', pattern);
    assert.deepStrictEqual(
      missingFrom("only this: check the organization slug and id", [
        {
          file: "f",
          line: 1,
          template: "check the organization slug and id",
          parts: ["check the organization slug and id"],
        },
        {
          file: "g",
          line: 2,
          template: "a message not on the page",
          parts: ["a message not on the page"],
        },
      ]).map((m) => m.file),
      ["g"],
    );
  });

  it("finds the provider's real messages: the missing-token error, API hints, check failures", () => {
    const templates = extractMessages().map((m) => m.template);
    assert.ok(templates.length > 100, `only ${templates.length} messages found`);
    assert.ok(templates.includes(MISSING_TOKEN_MESSAGE));
    const hint401 = hintFor({ status: 401, baseUrl: "https://sentry.io", maybeCommitted: false });
    assert.ok(templates.includes(hint401!));
    assert.ok(templates.includes('"<…>" is not a duration; use <…>.'));
    assert.ok(templates.some((t) => t.startsWith("<…>: nothing to rotate")));
  });
});

describe("docs/troubleshooting.md", () => {
  it("lists every message the provider, the components and the stack can emit", () => {
    const page = fs.readFileSync(TROUBLESHOOTING_PAGE, "utf8");
    const missing = missingFrom(page, extractMessages());
    assert.deepStrictEqual(
      missing.map((m) => `${m.file}:${m.line} ${m.template}`),
      [],
      "add these to docs/troubleshooting.md with their cause and fix",
    );
  });
});
