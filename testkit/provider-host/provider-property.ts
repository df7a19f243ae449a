/**
 * Which serialized provider a call sends, as the engine decides: Check/Diff/Create/Update run the
 * NEW `__provider` (from the program), Read/Delete the one stored in state with the resource.
 */
import { PROVIDER_KEY, type Props } from "./struct";

/** Per-call choice of the serialized provider. */
export interface ProviderChoice {
  /** The `__provider` text to send; wins over the one in the properties. */
  provider?: string;
}

/** Properties with the NEW provider: the option, else the properties' own, else the default. */
export function withNewProvider(
  fallback: string | undefined,
  method: string,
  props: Props,
  opts: ProviderChoice,
): Props {
  const provider = opts.provider ?? props[PROVIDER_KEY] ?? fallback;
  if (typeof provider !== "string") {
    throw new Error(
      `${method}: no __provider to send; pass {provider} (from captureProvider), put __provider ` +
        `in the properties, or set startProviderHost({provider})`,
    );
  }
  return { ...props, [PROVIDER_KEY]: provider };
}

/** Properties with the STORED provider: the option, else the state's own `__provider`. */
export function withStoredProvider(method: string, props: Props, opts: ProviderChoice): Props {
  const provider = opts.provider ?? props[PROVIDER_KEY];
  if (typeof provider !== "string") {
    throw new Error(
      `${method}: the properties carry no __provider; pass the state returned by create/update ` +
        `(it holds the stored provider) or {provider} explicitly`,
    );
  }
  return { ...props, [PROVIDER_KEY]: provider };
}
