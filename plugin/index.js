// Entry of the PulumiPlugin.yaml folder: the language host's run-plugin requires this file with
// the engine's address as the program's argument; it serves the compiled plugin.
require("../dist/plugin/main.js")
  .main(process.argv.slice(2))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
