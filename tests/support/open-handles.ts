/**
 * Mocha runs without `exit: true`, so a handle a test leaves open (a server, a socket, a timer, a
 * child process) keeps the process alive. This global teardown turns that hang into a failure
 * that names what is still open, instead of a CI job that times out without a word.
 */
const GRACE_MS = 10_000;

interface Described {
  constructor: { name: string };
  [key: string]: unknown;
}

function describeHandle(handle: Described): string {
  const name = handle.constructor?.name ?? typeof handle;
  if (name === "Socket" || name === "Server") {
    const address = (handle as { address?: () => unknown }).address?.();
    return `${name} ${JSON.stringify(address ?? {})}`;
  }
  if (name === "ChildProcess")
    return `${name} pid ${String(handle.pid)} ${String(handle.spawnfile)}`;
  if (name === "Timeout")
    return `${name} ${String((handle as { _onTimeout?: unknown })._onTimeout)}`.slice(0, 300);
  return name;
}

/** Mocha's global teardown: fails the run when handles keep the process alive. */
export function mochaGlobalTeardown(): void {
  setTimeout(() => {
    const open = (process as unknown as { _getActiveHandles(): Described[] })._getActiveHandles();
    process.stderr.write(
      `\nthe test run left ${open.length} handle(s) open ${GRACE_MS / 1000} s after the last test:\n` +
        open.map((h) => `  - ${describeHandle(h)}\n`).join(""),
    );
    // Mocha sets the exit code from the failure count in its own "exit" listener; this one runs
    // after it.
    process.on("exit", () => (process.exitCode = 1));
    process.exit(1);
  }, GRACE_MS).unref();
}
