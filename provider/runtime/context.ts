import { isDeepStrictEqual } from "node:util";
import { AuditReason } from "../audit/event";
import { AuditTrail, createAuditTrail } from "../audit/trail";
import { Clock, clockFromEnvironment } from "../rotation";
import { createSentryClient, SentryClient, SentryClientOptions } from "../sentry";
import {
  ConfigSource,
  MISSING_TOKEN_MESSAGE,
  ProviderSettings,
  resolveSettings,
} from "../settings";

/**
 * What every provider operation needs, resolved inside the provider host at configure time (never
 * captured in the serialized provider): settings, a Sentry client, the clock.
 */
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
  /**
   * Why diff decided to replace or rotate a resource, by URN: create and delete in the same
   * `pulumi up` (the same provider host) read it for their audit events.
   */
  readonly reasons: Map<string, AuditReason>;
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
}

let current: ProviderContext | undefined;

/**
 * Called by the host's Configure with the stack config, once per resource kind it meets. The
 * config is the same each time, so the context (its client, and the reasons diff recorded for
 * this run) is kept; only different settings make a new one, which still keeps the reasons.
 */
export function configureContext(config: ConfigSource, env = process.env): ProviderContext {
  const settings = resolveSettings(config, env);
  if (current && isDeepStrictEqual(current.settings, settings)) return current;
  const next = createProviderContext({ settings });
  if (current) current.reasons.forEach((reason, urn) => next.reasons.set(urn, reason));
  current = next;
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
  let client: SentryClient | undefined;
  const log = parts.log ?? ((message: string) => console.log(`sentry-rotation: ${message}`));
  return {
    settings,
    client() {
      if (!settings.authToken) throw new Error(MISSING_TOKEN_MESSAGE);
      client ??= createSentryClient({
        ...parts.clientOptions,
        token: settings.authToken,
        baseUrl: settings.url,
      });
      return client;
    },
    // Read at each call: SENTRY_ROTATION_NOW comes from the environment the engine gives the host.
    clock: parts.clock ?? (() => clockFromEnvironment(process.env)),
    // console.log from provider methods reaches the Pulumi CLI output.
    log,
    sleep: parts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    audit: createAuditTrail(
      {
        file: settings.auditLog,
        webhookUrl: settings.auditWebhook,
        webhookAttempts: parts.auditWebhook?.attempts,
        webhookBackoffMs: parts.auditWebhook?.backoffMs,
      },
      log,
    ),
    reasons: new Map(),
  };
}
