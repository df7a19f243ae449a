/**
 * An input a user wrote is wrong. `field` names the argument (as the user spelled it) so the
 * message can say where to look; the message itself says what to write instead.
 */
export class InputError extends Error {
  /** The argument or setting at fault, e.g. `rotateEvery` or `SENTRY_ROTATION_NOW`. */
  readonly field: string;
  /** What is wrong and how to fix it, without the field name. */
  readonly problem: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "InputError";
    this.field = field;
    this.problem = problem;
  }
}
