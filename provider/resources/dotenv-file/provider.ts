import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkDotenvFile } from "./check";
import { diffDotenvFile } from "./diff";
import { probePath } from "./file-io";
import { createDotenvFile, deleteDotenvFile, readDotenvFile, updateDotenvFile } from "./operations";
import { type DotenvFileInputs, type DotenvFileOutputs } from "./types";

/** The DotenvFile operations, shared by both front doors (dynamic provider and plugin). */
export const dotenvFileOperations: ResourceOperations<DotenvFileInputs, DotenvFileOutputs> = {
  describe: (id, olds) => `dotenv file ${olds.path ?? id}`,
  check: (_olds, news) => checkDotenvFile(news, probePath),
  diff: diffDotenvFile,
  create: createDotenvFile,
  read: readDotenvFile,
  update: updateDotenvFile,
  delete: deleteDotenvFile,
};

/** The DotenvFile provider as the host calls it. */
export const dotenvFileProvider = hostProvider(dotenvFileOperations);
