import { hostProvider } from "../../runtime/host-provider";
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

/** The SinkReceipt provider as the host calls it; a failure is a `failed` event of the key. */
export const sinkReceiptProvider = hostProvider<SinkReceiptInputs, SinkReceiptOutputs>({
  describe: (id, olds) => `sink receipt ${olds.sink ?? id}`,
  subject: (props) => receiptSubject(props),
  check: checkSinkReceipt,
  diff: diffSinkReceipt,
  create: createSinkReceipt,
  read: readSinkReceipt,
  update: updateSinkReceipt,
  delete: deleteSinkReceipt,
});
