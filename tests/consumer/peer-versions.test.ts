/**
 * The cloud SDKs' older majors that the peer ranges accept, as a team on them has them: the packed
 * package installed beside @pulumi/aws 6 and @pulumi/github 5 in a project of its own. The sinks
 * run under Pulumi mocks there (the providers' plugins cannot be downloaded here), with the
 * project's own SDK copies, so what is checked is the arguments each sink gives those versions.
 */
import * as assert from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { pulumiVersionFromLock } from "../../scripts/pulumi-engine/engine-config";
import {
  createConsumerProject,
  PACKAGE_NAME,
  packedSpec,
  type ConsumerProject,
} from "../support/consumer-project";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const LOCKED_PULUMI = pulumiVersionFromLock(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")),
);
/** The newest releases of the older majors (the repository develops on aws 7 and github 6.15). */
const AWS_6 = "6.83.4";
const GITHUB_5 = "5.26.0";

/**
 * Runs the sinks under mocks in the project and prints, as JSON, every resource registered (type,
 * name, input names) once each sink's resources have registered; or the error a sink threw.
 */
const MOCK_RUN = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: Object.keys(args.inputs).sort() });
      return { id: args.name + "-id", state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "team",
  "prod",
  false,
);
const { RotatingClientKey } = require("${PACKAGE_NAME}");
const sinks = JSON.parse(process.argv[2]);
const registeredUrn = (resource) => new Promise((resolve) => resource.urn.apply(resolve));
try {
  const key = new RotatingClientKey("api", { project: "api", name: "api", rotateEvery: "90d", sinks });
  const children = key.sinks.flatMap((sink) =>
    Object.values(sink).filter((value) => pulumi.CustomResource.isInstance(value)),
  );
  Promise.all(children.map(registeredUrn)).then(() => console.log(JSON.stringify({ registered })));
} catch (err) {
  console.log(JSON.stringify({ error: err.message }));
}
`;

interface MockRun {
  error?: string;
  registered?: Array<{ type: string; name: string; inputs: string[] }>;
}

describe(`sinks on the older SDK majors the peer ranges accept (@pulumi/aws ${AWS_6}, @pulumi/github ${GITHUB_5})`, function () {
  this.timeout(15 * 60_000); // installing two cloud SDKs from a cold npm cache
  let project: ConsumerProject;
  const run = async (sinks: unknown[]): Promise<MockRun> => {
    // A program that threw leaves the SDK's promises pending, and it exits non-zero for that:
    // what counts is the JSON line the script printed first.
    const stdout = await execFileAsync(process.execPath, ["mock-run.js", JSON.stringify(sinks)], {
      cwd: project.dir,
    }).then(
      (result) => result.stdout,
      (err: { stdout?: string }) => err.stdout ?? "",
    );
    const line = stdout.split("\n").find((text) => text.startsWith("{"));
    assert.ok(line, `mock-run.js printed no result: ${stdout}`);
    return JSON.parse(line) as MockRun;
  };

  before(async () => {
    project = await createConsumerProject({
      name: "team-stack-older-sdks",
      dependencies: {
        [PACKAGE_NAME]: await packedSpec(),
        "@pulumi/pulumi": LOCKED_PULUMI,
        "@pulumi/aws": AWS_6,
        "@pulumi/github": GITHUB_5,
      },
      files: { "mock-run.js": MOCK_RUN },
    });
  });
  after(() => project?.dispose());

  it("installs those versions, and npm accepts them as the package's peers", async () => {
    const version = (name: string) =>
      (
        JSON.parse(
          fs.readFileSync(path.join(project.dir, "node_modules", name, "package.json"), "utf8"),
        ).version as string
      ).replace(/^v/, ""); // @pulumi/github 5 writes "v5.26.0"
    assert.equal(version("@pulumi/aws"), AWS_6);
    assert.equal(version("@pulumi/github"), GITHUB_5);
    // `npm ls` exits non-zero on an invalid peer (a version outside the declared range).
    await execFileAsync("npm", ["ls", "@pulumi/aws", "@pulumi/github", "@pulumi/pulumi"], {
      cwd: project.dir,
    });
  });

  it("Secrets Manager and SSM sinks register their resources with @pulumi/aws 6", async () => {
    const { registered, error } = await run([
      { type: "awsSecretsManager", name: "prod/sentry/api" },
      { type: "ssmParameter", name: "/prod/sentry/api/dsn" },
    ]);
    assert.equal(error, undefined);
    const types = registered!.map((r) => r.type);
    for (const type of [
      "aws:secretsmanager/secret:Secret",
      "aws:secretsmanager/secretVersion:SecretVersion",
      "aws:ssm/parameter:Parameter",
    ]) {
      assert.ok(types.includes(type), `${type} registered: ${types.join(", ")}`);
    }
    for (const resource of registered!.filter((r) => r.type.startsWith("aws:"))) {
      assert.ok(!resource.inputs.includes("region"), "no per-resource region before aws 7");
    }
  });

  it("a sink region on @pulumi/aws 6 is refused with the way to do it there", async () => {
    const { error } = await run([
      { type: "ssmParameter", name: "/prod/sentry/api/dsn", region: "eu-west-1" },
    ]);
    assert.match(
      error ?? "",
      /sink "api-sink-0"\.region: needs @pulumi\/aws 7 or later \(per-resource regions\)\. With @pulumi\/aws 6, remove region and pass an aws\.Provider/,
    );
  });

  it("the GitHub Actions sink gives @pulumi/github 5 plaintextValue (it has no value)", async () => {
    const { registered, error } = await run([{ type: "githubActionsSecret", repository: "web" }]);
    assert.equal(error, undefined);
    const secret = registered!.find((r) => r.type === "github:index/actionsSecret:ActionsSecret");
    assert.ok(secret, JSON.stringify(registered));
    assert.ok(secret.inputs.includes("plaintextValue"));
    assert.ok(!secret.inputs.includes("value"));
  });
});
