/**
 * An input a user wrote is wrong. `field` names the argument (as the user spelled it) so the
 * message can say where to look; the message itself says what to write instead.
 */
export class InputError extends Error {
  /** The argument or setting at fault, e.g. `rotateEvery` or `SENTRY_ROTATION_NOW`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "InputError";
    this.field = field;
  }
}
