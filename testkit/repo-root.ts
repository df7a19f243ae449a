/** The repository's root directory, which the harness works from. */
import * as path from "node:path";

/** Absolute path of the repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..");
