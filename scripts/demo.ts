/**
 * `npm run demo`: the project's main job. Until the real-engine demo lands (see docs/roadmap.md),
 * it says what it will do and exits non-zero, so nobody mistakes it for a rotation.
 */
const steps = [
  "start the local Sentry sandbox (npm run sandbox)",
  "build or find the Pulumi CLI (built from Go modules when absent)",
  "pulumi up: create a client key and an org auth token, write the DSN to a dotenv file",
  "send an event with @sentry/node and show the sandbox received it",
  "SENTRY_ROTATION_NOW=+91d pulumi preview: show the key that will rotate, and why",
  "pulumi up with that clock: new key first, dotenv updated, old key deleted last",
  "show the old DSN refused (403) and the new one accepted (200), then stop everything",
];

console.log("pulumi-sentry-rotation demo: not available yet.");
console.log("When it lands, `npm run demo` will:");
steps.forEach((step, i) => console.log(`  ${i + 1}. ${step}`));
console.log(
  "Today you can run the sandbox with `npm run sandbox -- --port 0` and the tests with `npm test`.",
);
process.exitCode = 2;
