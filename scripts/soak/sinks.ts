/** What each dotenv sink holds: the public key and project of the DSN it was given. */
import * as fs from "node:fs";

/** The key a sink holds, or undefined when its file or SENTRY_DSN line is missing. */
export interface SinkHolding {
  publicKey: string;
  projectId: number;
}

const DSN_LINE = /^(?:export\s+)?SENTRY_DSN=(["']?)(.*)\1\s*$/m;
const DSN = /^https?:\/\/([0-9a-f]{32})@[^/]+\/(\d+)$/;

/** Reads the key out of one sink file. */
export function readSink(file: string): SinkHolding | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const dsn = DSN.exec(DSN_LINE.exec(text)?.[2] ?? "");
  return dsn ? { publicKey: dsn[1]!, projectId: Number(dsn[2]) } : undefined;
}

/** Reads every sink file, in order. */
export function readSinks(files: readonly string[]): Array<SinkHolding | undefined> {
  return files.map(readSink);
}
