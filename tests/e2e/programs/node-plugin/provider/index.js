/**
 * The `echo` provider: one resource, `echo:index:Echo`, whose outputs tell what the plugin process
 * saw (the runner that loaded it, its working directory), so the tests can check how it started
 * (tests/e2e/node-plugin.test.ts, and from a YAML program tests/e2e/yaml-program.test.ts).
 * `ECHO_PLUGIN_FAIL` makes it fail before serving, to check that stderr and the exit code reach
 * the engine.
 */
const path = require("path");
const { main } = require("@pulumi/pulumi/provider");

if (process.env.ECHO_PLUGIN_FAIL) {
  console.error(
    `echo plugin: refusing to start (ECHO_PLUGIN_FAIL=${process.env.ECHO_PLUGIN_FAIL})`,
  );
  process.exit(3);
}

// The package schema: what a Pulumi YAML program (or an SDK generator) needs to know of Echo.
const output = { type: "string" };
const schema = {
  name: "echo",
  version: "0.0.1",
  resources: {
    "echo:index:Echo": {
      inputProperties: { message: output },
      requiredInputs: ["message"],
      properties: { message: output, runner: output, cwd: output, pluginDir: output },
      required: ["message", "runner", "cwd", "pluginDir"],
    },
  },
};

const provider = {
  version: "0.0.1",
  schema: JSON.stringify(schema),
  async create(urn, inputs) {
    return {
      id: `echo-${inputs.message.length}`,
      outs: {
        message: inputs.message,
        // run-plugin leaves its own script as argv[1].
        runner: path.basename(path.dirname(process.argv[1])),
        cwd: process.cwd(),
        pluginDir: __dirname,
      },
    };
  },
  async delete() {},
};

void main(provider, process.argv.slice(2));
