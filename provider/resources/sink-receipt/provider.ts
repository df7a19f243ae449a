import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkSinkReceipt } from "./check";
import { diffSinkReceipt } from "./diff";
import {
  createSinkReceipt,
  deleteSinkReceipt,
  readSinkReceipt,
  receiptSubject,
  updateSinkReceipt,
} from "./operations";
import { type SinkReceiptInputs, type SinkReceiptOutputs } from "./types";

/** The SinkReceipt operations, shared by both front doors (dynamic provider and plugin). */
export const sinkReceiptOperations: ResourceOperations<SinkReceiptInputs, SinkReceiptOutputs> = {
  describe: (id, olds) => `sink receipt ${olds.sink ?? id}`,
  subject: (props) => receiptSubject(props),
  check: checkSinkReceipt,
  diff: diffSinkReceipt,
  create: createSinkReceipt,
  read: readSinkReceipt,
  update: updateSinkReceipt,
  delete: deleteSinkReceipt,
};

/** The SinkReceipt provider as the host calls it; a failure is a `failed` event of the key. */
export const sinkReceiptProvider = hostProvider(sinkReceiptOperations);
