/** One resource of the `echo` provider plugin (./provider); its outputs become stack outputs. */
const pulumi = require("@pulumi/pulumi");

const echo = new pulumi.CustomResource("echo:index:Echo", "hello", {
  message: "hello from a Node.js provider plugin",
  runner: undefined,
  cwd: undefined,
  pluginDir: undefined,
});

exports.message = echo.message;
exports.runner = echo.runner;
exports.cwd = echo.cwd;
exports.pluginDir = echo.pluginDir;
