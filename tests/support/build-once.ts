/**
 * The one way the e2e tests get a machine-wide build (the CLI, the YAML host, the state service,
 * the Kubernetes parts): started once per test process and shared, retried after a failure, and
 * skipped (failed under CI) only when it cannot be built here at all (an EngineBuildError, e.g.
 * no Go).
 */
import { EngineBuildError } from "../../scripts/pulumi-engine/go-build";
import { skipUnless } from "./skip";

/** Wraps `build` so that every caller shares one run of it; see the file's comment. */
export function buildOnce<T>(build: () => Promise<T>): (ctx: Mocha.Context) => Promise<T> {
  let pending: Promise<T> | undefined;
  return async (ctx) => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    try {
      return await pending;
    } catch (err) {
      if (!(err instanceof EngineBuildError)) throw err;
      skipUnless(ctx, false, err.message);
      throw err;
    }
  };
}

/** A build's progress lines, indented under the running test. */
export function buildLog(tag: string): (line: string) => void {
  return (line) => process.stderr.write(`      [${tag}] ${line}\n`);
}
