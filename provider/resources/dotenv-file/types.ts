import type * as pulumi from "@pulumi/pulumi";

/** A variable name the DotenvFile writes: upper-case letters, digits and "_", no leading digit. */
export const DOTENV_VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Arguments of a {@link DotenvFile}. */
export interface DotenvFileArgs {
  /** The file to write: absolute, or relative to the program's working directory. */
  path: pulumi.Input<string>;
  /** The variables to write, name to value; the values are made Pulumi secrets. */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The checked, plain inputs the provider works with (secrets already stripped by the engine). */
export interface DotenvFileInputs {
  /** Absolute path of the file. */
  path: string;
  /** Variable name to value. */
  variables: Record<string, string>;
}

/**
 * The state of a DotenvFile. It never holds a value: only where the file is, which variables it
 * manages and a hash of the lines it wrote, so state stays free of plaintext secrets.
 */
export interface DotenvFileOutputs {
  /** Absolute path of the file. */
  path: string;
  /** The managed variable names, sorted. */
  variableNames: string[];
  /** SHA-256 of the managed lines as rendered (sorted by name). */
  contentHash: string;
  /** Whether this resource created the file (then delete removes it once nothing else is left). */
  createdFile: boolean;
}
