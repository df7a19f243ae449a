/**
 * The provider's context: what every operation needs, resolved inside the provider host at
 * configure time (never captured in the serialized provider).
 *
 * Per-process state lives here and nowhere else. The engine starts one provider host process per
 * `pulumi` command, and the host keeps one context for it (`current` below), so each of these
 * lasts exactly one run: the Sentry client (its rate-limit and concurrency state), the shared
 * lists of client keys a refresh reads (runtime/key-cache.ts), and the run memory that carries
 * diff's reasons to create and delete (runtime/run-memory.ts).
 */
import { isDeepStrictEqual } from "node:util";
import { createAuditTrail, type AuditTrail } from "../audit/trail";
import { clockFromEnvironment, type Clock } from "../rotation";
import { createSentryClient, type SentryClient, type SentryClientOptions } from "../sentry";
import {
  MISSING_TOKEN_MESSAGE,
  resolveConnection,
  resolveSettings,
  type ConfigSource,
  type Connection,
  type ProviderSettings,
} from "../settings";
import { createSharedKeyLists, type SharedKeyLists } from "./key-cache";
import { createRunMemory, type RunMemory } from "./run-memory";

/** What every provider operation needs: settings, a Sentry client, the clock, the audit trail. */
export interface ProviderContext {
  /** Connection settings and defaults. */
  readonly settings: ProviderSettings;
  /** The Sentry client; throws a clear error when no token is configured. */
  client(): SentryClient;
  /** The rotation clock: the system clock, or SENTRY_ROTATION_NOW. */
  clock(): Clock;
  /** Writes one line to the Pulumi output. */
  log(message: string): void;
  /** Waits between verification attempts. */
  sleep(ms: number): Promise<void>;
  /** Records rotation steps (Pulumi log, audit file, webhook). */
  readonly audit: AuditTrail;
  /** What earlier calls of this run left for later ones (diff's reasons, overdue reports). */
  readonly run: RunMemory;
  /** The project key lists shared by the reads of one refresh, through `client()`. */
  keyLists(): SharedKeyLists;
  /**
   * This context, or, for a resource that states its own `connection`, one that reaches that
   * Sentry with that token (and shares the clock, log, audit trail and run memory). One per
   * connection for the life of the process, so its client's rate-limit state is shared too.
   */
  withConnection(connection: Connection | undefined): ProviderContext;
}

/** The parts of a context; everything but the settings has a production default. */
export interface ContextParts {
  settings: ProviderSettings;
  /** Extra client options (tests shorten every delay). */
  clientOptions?: Partial<SentryClientOptions>;
  clock?: () => Clock;
  log?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Audit webhook retry timing (tests shorten it). */
  auditWebhook?: { attempts?: number; backoffMs?: number };
  /** The run memory to carry on (a context re-made for new settings keeps the run's). */
  run?: RunMemory;
  /** The audit trail to share (a resource's own connection records to the stack's trail). */
  audit?: AuditTrail;
}

// The host process's one context: see the top of this file.
let current: ProviderContext | undefined;

/**
 * Called by the host's Configure with the stack config, once per resource kind it meets. The
 * config is the same each time, so the context (its client, and what this run remembers) is
 * kept; only different settings make a new one, which still keeps the run memory.
 */
export function configureContext(config: ConfigSource, env = process.env): ProviderContext {
  const settings = resolveSettings(config, env);
  if (current && isDeepStrictEqual(current.settings, settings)) return current;
  current = createProviderContext({ settings, ...(current ? { run: current.run } : {}) });
  return current;
}

/** The configured context, or one built from the environment alone (no Configure call). */
export function providerContext(): ProviderContext {
  current ??= createProviderContext({
    settings: resolveSettings({ get: () => undefined }, process.env),
  });
  return current;
}

/** Builds a context; the Sentry client is made on first use. */
export function createProviderContext(parts: ContextParts): ProviderContext {
  const { settings } = parts;
  let client: { api: SentryClient; lists: SharedKeyLists } | undefined;
  const connect = () => {
    if (!settings.authToken) throw new Error(MISSING_TOKEN_MESSAGE);
    if (!client) {
      const api = createSentryClient({
        ...parts.clientOptions,
        token: settings.authToken,
        baseUrl: settings.url,
      });
      // Key writes go through the shared lists' watched calls, so no list outlives a write.
      const lists = createSharedKeyLists(api.clientKeys);
      client = { api: { ...api, clientKeys: lists.clientKeys }, lists };
    }
    return client;
  };
  const log = parts.log ?? ((message: string) => console.log(`sentry-rotation: ${message}`));
  const audit =
    parts.audit ??
    createAuditTrail(
      {
        file: settings.auditLog,
        webhookUrl: settings.auditWebhook,
        webhookAttempts: parts.auditWebhook?.attempts,
        webhookBackoffMs: parts.auditWebhook?.backoffMs,
      },
      log,
    );
  const run = parts.run ?? createRunMemory();
  // Keyed by the resolved connection (token included): memory of this process only, never logged.
  const connected = new Map<string, ProviderContext>();
  const context: ProviderContext = {
    settings,
    client: () => connect().api,
    keyLists: () => connect().lists,
    // Read at each call: SENTRY_ROTATION_NOW comes from the environment the engine gives the host.
    clock: parts.clock ?? (() => clockFromEnvironment(process.env)),
    // console.log from provider methods reaches the Pulumi CLI output.
    log,
    sleep: parts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    audit,
    run,
    withConnection(connection) {
      if (connection === undefined || connection === null) return context;
      const resolved = resolveConnection(connection, NO_CONFIG, {});
      const key = JSON.stringify([resolved.url, resolved.organization, resolved.authToken]);
      let found = connected.get(key);
      if (!found) {
        const { authToken: _stack, organization: _org, ...shared } = settings;
        found = createProviderContext({
          ...parts,
          settings: { ...shared, ...resolved },
          audit,
          run,
          log,
        });
        connected.set(key, found);
      }
      return found;
    },
  };
  return context;
}

const NO_CONFIG: ConfigSource = { get: () => undefined };
