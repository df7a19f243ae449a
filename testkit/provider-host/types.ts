/** Types of the provider-host client: what each engine-side call takes and returns. */
import type { HostProcessOptions } from "./host-process";
import type { ProviderChoice } from "./provider-property";
import type { Props } from "./struct";

export type { ProviderChoice };

/** Options for `startProviderHost`. */
export interface ProviderHostOptions extends HostProcessOptions {
  /** Default NEW `__provider` for check/diff/create/update when the call does not carry one. */
  provider?: string;
  /** Deadline of each RPC (ms). */
  callTimeoutMs?: number;
}

/** What the host answered to Configure. */
export interface ConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
}

/** Result of Check: the inputs the engine would store (with `__provider`) and any failures. */
export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

/** Result of Diff, as the engine receives it. */
export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** The detailed diff the engine receives (`pulumi preview --diff` shows it), when sent. */
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
}

/** Outputs of Create/Update/Read: `state` is what the engine stores (with `__provider`). */
export interface ResourceState {
  state: Props;
  outputs: Props;
}

/** A running dynamic-provider host and the engine-side calls into it. */
export interface ProviderHost {
  readonly port: number;
  readonly pid: number;
  /** Default NEW `__provider` (see ProviderHostOptions.provider). */
  provider: string | undefined;
  configure(
    config: Record<string, string>,
    opts?: { secretKeys?: string[] },
  ): Promise<ConfigureResult>;
  check(urn: string, olds: Props, news: Props, opts?: ProviderChoice): Promise<CheckResult>;
  diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    opts?: ProviderChoice & { oldInputs?: Props },
  ): Promise<DiffResult>;
  create(
    urn: string,
    props: Props,
    opts?: ProviderChoice & { preview?: boolean },
  ): Promise<ResourceState & { id: string }>;
  read(
    id: string,
    urn: string,
    props: Props,
    opts?: ProviderChoice & { inputs?: Props },
  ): Promise<ResourceState & { id: string; inputs?: Props }>;
  update(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    opts?: ProviderChoice & { preview?: boolean; oldInputs?: Props },
  ): Promise<ResourceState>;
  delete(
    id: string,
    urn: string,
    props: Props,
    opts?: ProviderChoice & { oldInputs?: Props },
  ): Promise<void>;
  /** What the host printed so far (stdout after the port line, stderr). */
  output(): { stdout: string; stderr: string };
  isRunning(): boolean;
  /** Closes the channel, kills the host and waits for it to exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
