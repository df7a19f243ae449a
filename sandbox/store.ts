/** The sandbox state in memory, persisted atomically (temp file, then rename) after every change. */
import * as fs from "node:fs";
import * as path from "node:path";
import { emptyState, type SandboxState } from "./state";

/** Holds the state; every change goes through `mutate`, which persists or rolls back. */
export class Store {
  private tmpCounter = 0;

  private constructor(
    private current: SandboxState,
    /** Where the state is persisted; undefined keeps it in memory only. */
    readonly dataFile: string | undefined,
  ) {}

  /** Loads `dataFile` when it exists, else starts empty. Throws a clear error for a bad file. */
  static open(dataFile: string | undefined): Store {
    if (dataFile !== undefined && !fs.existsSync(path.dirname(path.resolve(dataFile)))) {
      throw new Error(
        `sandbox data file ${dataFile}: its directory does not exist; create it or pass another --data path`,
      );
    }
    if (dataFile === undefined || !fs.existsSync(dataFile))
      return new Store(emptyState(), dataFile);
    return new Store(parseStateFile(dataFile, fs.readFileSync(dataFile, "utf8")), dataFile);
  }

  /** The current state (read only by convention: change it through `mutate`). */
  get state(): SandboxState {
    return this.current;
  }

  /** Applies `change` and persists; if persisting fails the change is undone and the error rethrown. */
  mutate<T>(change: (state: SandboxState) => T): T {
    const before = JSON.stringify(this.current);
    try {
      const result = change(this.current);
      this.persist();
      return result;
    } catch (error) {
      this.current = JSON.parse(before) as SandboxState;
      throw error;
    }
  }

  /** Writes the state to a temp file beside the data file, syncs it, then renames it over the file. */
  persist(): void {
    if (this.dataFile === undefined) return;
    const tmp = path.join(
      path.dirname(this.dataFile),
      `.${path.basename(this.dataFile)}.${process.pid}.${++this.tmpCounter}.tmp`,
    );
    try {
      const fd = fs.openSync(tmp, "w", 0o600);
      try {
        fs.writeFileSync(fd, `${JSON.stringify(this.current, null, 2)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.dataFile);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  }
}

/** Parses a data file's text, naming the file and the fix when it is not a sandbox state. */
export function parseStateFile(file: string, text: string): SandboxState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `sandbox data file ${file} is not valid JSON (${(error as Error).message}); ` +
        "delete it or pass another --data path",
    );
  }
  const state = data as Partial<SandboxState> | null;
  const lists = ["organizations", "projects", "clientKeys", "orgAuthTokens", "userTokens"] as const;
  if (
    state === null ||
    typeof state !== "object" ||
    state.version !== 1 ||
    typeof state.nextId !== "object" ||
    typeof state.seed !== "object" ||
    lists.some((name) => !Array.isArray(state[name]))
  ) {
    throw new Error(
      `sandbox data file ${file} is not a version 1 sandbox state; delete it or pass another --data path`,
    );
  }
  return state as SandboxState;
}
