import { clockFromEnvironment, Clock } from "../rotation";
import { createSentryClient, SentryClient } from "../sentry";
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
}

let current: ProviderContext | undefined;

/** Called by the host's Configure with the stack config; later calls replace the settings. */
export function configureContext(config: ConfigSource, env = process.env): ProviderContext {
  current = createContext(resolveSettings(config, env), env);
  return current;
}

/** The configured context, or one built from the environment alone (tests, or no Configure). */
export function providerContext(): ProviderContext {
  current ??= createContext(resolveSettings({ get: () => undefined }, process.env), process.env);
  return current;
}

function createContext(
  settings: ProviderSettings,
  env: Record<string, string | undefined>,
): ProviderContext {
  let client: SentryClient | undefined;
  return {
    settings,
    client() {
      if (!settings.authToken) throw new Error(MISSING_TOKEN_MESSAGE);
      client ??= createSentryClient({ token: settings.authToken, baseUrl: settings.url });
      return client;
    },
    clock: () => clockFromEnvironment(env),
    // console.log from provider methods reaches the Pulumi CLI output.
    log: (message) => console.log(`sentry-rotation: ${message}`),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
