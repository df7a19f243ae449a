/** Reading the state exports named on the command line, or stdin. I/O. */
import * as fs from "node:fs";
import { ReportInputError } from "./errors";

/** One input's text and its name for messages. */
export interface ReportInput {
  source: string;
  text: string;
}

/** Reads each file ("-" is stdin); no files means stdin, which must not be a terminal. */
export async function readInputs(
  files: string[],
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
): Promise<ReportInput[]> {
  const names = files.length ? files : ["-"];
  if (names.filter((n) => n === "-").length > 1) {
    throw new ReportInputError("stdin", 'can be read once: name "-" at most once.');
  }
  const inputs: ReportInput[] = [];
  for (const name of names) {
    if (name === "-") {
      if (stdin.isTTY) {
        throw new ReportInputError(
          "stdin",
          "nothing piped in: pass a state file (`pulumi stack export --file state.json`) or pipe `pulumi stack export | sentry-rotation report`.",
        );
      }
      inputs.push({ source: "stdin", text: await readAll(stdin) });
      continue;
    }
    try {
      inputs.push({ source: name, text: fs.readFileSync(name, "utf8") });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? "no such file"
          : code === "EISDIR"
            ? "is a directory"
            : `cannot be read (${code ?? (err as Error).message})`;
      throw new ReportInputError(
        name,
        `${why}; pass the file \`pulumi stack export --file <file>\` wrote.`,
      );
    }
  }
  return inputs;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
