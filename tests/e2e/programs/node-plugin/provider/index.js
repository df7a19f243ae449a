/**
 * The `echo` provider: one resource, `echo:index:Echo`, whose outputs tell what the plugin process
 * saw (the runner that loaded it, its working directory), so the test can check how it started.
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

const provider = {
  version: "0.0.1",
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
