import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized-provider";
import { type DotenvFileArgs } from "./types";

/**
 * A dotenv file holding some variables (KEY=value lines), written atomically with mode 0600. Lines
 * it does not manage are kept; delete removes its lines (and the file, if it created it and
 * nothing else is left). Its state holds the path, the variable names and a hash, never a value.
 * Type token `pulumi-nodejs:dynamic/sentry:DotenvFile`; resource id: the absolute path.
 */
export class DotenvFile extends pulumi.dynamic.Resource {
  /** Absolute path of the file. */
  declare readonly path: pulumi.Output<string>;
  /** The managed variable names, sorted. */
  declare readonly variableNames: pulumi.Output<string[]>;
  /** SHA-256 of the managed lines as written. */
  declare readonly contentHash: pulumi.Output<string>;
  /** Whether this resource created the file. */
  declare readonly createdFile: pulumi.Output<boolean>;

  constructor(name: string, args: DotenvFileArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("DotenvFile"),
      name,
      {
        // Relative paths mean the program's working directory, which the provider host may not share.
        path: pulumi
          .output(args.path)
          .apply((p) => (typeof p === "string" && p !== "" ? path.resolve(p) : p)),
        variables: pulumi.secret(args.variables),
        variableNames: undefined,
        contentHash: undefined,
        createdFile: undefined,
      },
      opts,
      "sentry",
      "DotenvFile",
    );
  }
}
