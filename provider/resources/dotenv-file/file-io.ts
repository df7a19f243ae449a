import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type PathKind } from "./check";

/** The mode of every file written: the owner alone may read it (it holds secrets). */
export const FILE_MODE = 0o600;

/** What is at `absolutePath` (symlinks followed). */
export function probePath(absolutePath: string): PathKind {
  try {
    const stat = fs.statSync(absolutePath);
    return stat.isFile() ? "file" : stat.isDirectory() ? "directory" : "other";
  } catch (err) {
    if (isCode(err, "ENOENT")) return "missing";
    throw err;
  }
}

/**
 * The file actually written for `absolutePath`: a symlink is followed so the link keeps pointing
 * at the real file (a rename would replace the link itself).
 */
export async function realTarget(absolutePath: string): Promise<string> {
  try {
    return await fs.promises.realpath(absolutePath);
  } catch (err) {
    if (!isCode(err, "ENOENT")) throw err;
  }
  try {
    const dir = await fs.promises.realpath(path.dirname(absolutePath));
    return path.join(dir, path.basename(absolutePath));
  } catch (err) {
    if (isCode(err, "ENOENT")) return absolutePath; // the directory is gone too: nothing to follow
    throw err;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, "utf8");
  } catch (err) {
    if (isCode(err, "ENOENT")) return undefined;
    throw err;
  }
}

/**
 * Replaces the file's content atomically: a temporary file in the same directory (mode 0600) is
 * written and fsynced, then renamed over the target, then the directory is fsynced. A reader sees
 * the old content or the new, never a partial file.
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.promises.open(temp, "wx", FILE_MODE);
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.chmod(FILE_MODE); // the umask may have removed bits; make it exact
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Removes the file; a file already gone counts as removed. */
export async function removeFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
  await syncDirectory(path.dirname(file));
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier call for the same file has finished: the host runs resource
 * operations concurrently, and two sinks writing one .env must not lose each other's lines.
 */
export function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, "r");
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

function isCode(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}
