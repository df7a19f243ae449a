import { type ProviderContext } from "../../runtime/context";
import { isBlank, mergeDotenv, readVariables } from "./dotenv-syntax";
import { readIfExists, realTarget, removeFile, withFileLock, writeAtomically } from "./file-io";
import { contentHash, dotenvOutputs } from "./outputs";
import { type DotenvFileInputs, type DotenvFileOutputs } from "./types";

/** Writes the variables into the file (creating it if needed), keeping every other line. */
export async function createDotenvFile(
  ctx: ProviderContext,
  inputs: DotenvFileInputs,
): Promise<{ id: string; outs: DotenvFileOutputs }> {
  const created = await writeVariables(inputs.path, inputs.variables, []);
  ctx.log(`wrote ${Object.keys(inputs.variables).sort().join(", ")} to ${inputs.path}`);
  return { id: inputs.path, outs: dotenvOutputs(inputs.path, inputs.variables, created) };
}

/**
 * Rewrites the managed lines: new values in place, variables no longer managed removed. A new
 * path gets the lines first; only then are they removed from the old file.
 */
export async function updateDotenvFile(
  ctx: ProviderContext,
  _id: string,
  olds: DotenvFileOutputs,
  news: DotenvFileInputs,
): Promise<DotenvFileOutputs> {
  const moved = (await realTarget(olds.path)) !== (await realTarget(news.path));
  const dropped = moved ? [] : olds.variableNames.filter((name) => !(name in news.variables));
  const created = await writeVariables(news.path, news.variables, dropped);
  if (moved) {
    await removeVariables(olds.path, olds.variableNames, olds.createdFile);
    ctx.log(`moved ${olds.variableNames.join(", ")} from ${olds.path} to ${news.path}`);
  } else {
    ctx.log(`updated ${Object.keys(news.variables).sort().join(", ")} in ${news.path}`);
  }
  return dotenvOutputs(news.path, news.variables, moved ? created : olds.createdFile || created);
}

/** Removes the managed lines, and the file when this resource created it and nothing else is left. */
export async function deleteDotenvFile(
  ctx: ProviderContext,
  id: string,
  props: Partial<DotenvFileOutputs>,
): Promise<void> {
  const file = props.path ?? id;
  await removeVariables(file, props.variableNames ?? [], props.createdFile === true);
  ctx.log(`removed ${(props.variableNames ?? []).join(", ")} from ${file}`);
}

/** Refresh: hashes what the file holds now, so edits made by hand show as drift on the next up. */
export async function readDotenvFile(
  _ctx: ProviderContext,
  id: string,
  props: Partial<DotenvFileOutputs>,
): Promise<{ id: string; props: DotenvFileOutputs }> {
  const file = props.path ?? id;
  const names = props.variableNames ?? [];
  const text = (await readIfExists(await realTarget(file))) ?? "";
  return {
    id,
    props: {
      path: file,
      variableNames: names,
      contentHash: contentHash(names, readVariables(text)),
      createdFile: props.createdFile ?? false,
    },
  };
}

// Returns whether the file had to be created.
async function writeVariables(
  file: string,
  variables: Record<string, string>,
  remove: readonly string[],
): Promise<boolean> {
  const target = await realTarget(file);
  return withFileLock(target, async () => {
    const existing = await readIfExists(target);
    const assignments = new Map(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)));
    try {
      await writeAtomically(target, mergeDotenv(existing ?? "", assignments, remove));
    } catch (err) {
      throw new Error(`path: could not write ${file}: ${(err as Error).message}`);
    }
    return existing === undefined;
  });
}

async function removeVariables(
  file: string,
  names: readonly string[],
  createdFile: boolean,
): Promise<void> {
  const target = await realTarget(file);
  await withFileLock(target, async () => {
    const existing = await readIfExists(target);
    if (existing === undefined) return;
    const remaining = mergeDotenv(existing, new Map(), names);
    if (createdFile && isBlank(remaining)) await removeFile(target);
    else if (remaining !== existing) await writeAtomically(target, remaining);
  });
}
