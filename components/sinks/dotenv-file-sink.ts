import * as pulumi from "@pulumi/pulumi";
import { type DotenvFile } from "../../provider/resources/dotenv-file/resource";
import { DYNAMIC_RESOURCES, type ResourceClasses } from "../resource-classes";
import { defaultMapping, sinkSource } from "./sources";
import { type DotenvFileSinkSettings, type SinkValues } from "./types";
import { assertValidSink, secretValues } from "./values";

/** Arguments of a {@link DotenvFileSink}. */
export interface DotenvFileSinkArgs extends DotenvFileSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key or token to a local .env file (SENTRY_DSN=... or SENTRY_AUTH_TOKEN=...), written
 * atomically with mode 0600 by the DotenvFile dynamic resource. Other lines of the file are kept.
 */
export class DotenvFileSink extends pulumi.ComponentResource {
  /** Absolute path of the file. */
  readonly path: pulumi.Output<string>;
  /** The variables written, sorted. */
  readonly variableNames: pulumi.Output<string[]>;
  /** The dynamic resource that writes the file. */
  readonly file: DotenvFile;

  constructor(
    name: string,
    args: DotenvFileSinkArgs,
    opts?: pulumi.ComponentResourceOptions,
    resources: ResourceClasses = DYNAMIC_RESOURCES,
  ) {
    super("sentry-rotation:index:DotenvFileSink", name, {}, opts);
    const { values, ...settings } = args;
    const where = `sink "${name}"`;
    assertValidSink({ type: "dotenvFile", ...settings }, where, values);
    const mapping = settings.variables ?? defaultMapping(sinkSource(values));
    this.file = resources.dotenvFile(
      name,
      { path: settings.path, variables: secretValues(values, mapping, `${where}.variables`) },
      { parent: this },
    );
    this.path = this.file.path;
    this.variableNames = this.file.variableNames;
    this.registerOutputs({ path: this.path, variableNames: this.variableNames });
  }
}
