import * as pulumi from "@pulumi/pulumi";
import { githubSecretValueArg, loadGithub } from "./peer-packages";
import { defaultField, defaultName, sinkSource } from "./sources";
import { type GithubActionsSecretSinkSettings, type SinkValues } from "./types";
import { assertValidSink, secretValue } from "./values";

/** Arguments of a {@link GithubActionsSecretSink}. */
export interface GithubActionsSecretSinkArgs extends GithubActionsSecretSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key's DSN or a token to a GitHub Actions secret (repository secret, or environment
 * secret with `environment`): the usual home of SENTRY_AUTH_TOKEN for sentry-cli in CI.
 */
export class GithubActionsSecretSink extends pulumi.ComponentResource {
  /** Name of the secret. */
  readonly secretName: string;
  /** The Actions secret (`github.ActionsSecret`, or `github.ActionsEnvironmentSecret`). */
  readonly secret: pulumi.CustomResource;

  constructor(
    name: string,
    args: GithubActionsSecretSinkArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("sentry-rotation:index:GithubActionsSecretSink", name, {}, opts);
    const { values, ...settings } = args;
    const where = `sink "${name}"`;
    assertValidSink({ type: "githubActionsSecret", ...settings }, where, values);
    const github = loadGithub(where);
    const source = sinkSource(values);
    this.secretName = settings.secretName ?? defaultName(source);
    const secretArgs = {
      repository: settings.repository,
      secretName: this.secretName,
      ...githubSecretValueArg(
        secretValue(values, settings.value ?? defaultField(source), `${where}.value`),
      ),
    };
    // A replaced secret keeps its name, so create-before-delete would create (overwrite) the new
    // one and then DELETE it by name (pulumi-github#223, #250): delete first instead.
    const childOpts = { parent: this, deleteBeforeReplace: true };
    this.secret = settings.environment
      ? new github.ActionsEnvironmentSecret(
          name,
          { ...secretArgs, environment: settings.environment },
          childOpts,
        )
      : new github.ActionsSecret(name, secretArgs, childOpts);
    this.registerOutputs({ secretName: this.secretName });
  }
}
