/** Bad input to `sentry-rotation report`: a message naming the input and the fix; exit code 2. */
export class ReportInputError extends Error {
  override readonly name = "ReportInputError";

  /** `input` names what was wrong (a file, `stdin`, or a flag such as `--format`). */
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`${input}: ${problem}`);
  }
}
