/** The request bodies of the client-key and org-auth-token endpoints, validated like Sentry's serializers. */
import { LOADER_OPTION_NAMES, type KeyRateLimit, type LoaderOptions } from "./state";
import {
  booleanField,
  charField,
  choiceField,
  integerField,
  objectOf,
  regexField,
  validateObject,
  type Field,
  type Outcome,
} from "./validation";

/** The browser SDK versions a key may select (the schema's enum). */
export const BROWSER_SDK_CHOICES = ["latest", "7.x"] as const;
const USE_CASES = ["user", "profiling", "tempest", "demo"] as const;
const KEY_HEX = /^[a-f0-9]{32}$/;

type RateLimitInput = { count: number | null; window: number | null };

const rateLimitFields = {
  count: integerField({ min: 0, allowNull: true, emptyIsNull: true }),
  window: integerField({ min: 0, max: 86400, allowNull: true, emptyIsNull: true }),
};

/** A validated POST `/keys/` body. */
export interface KeyCreateInput {
  name?: string | null;
  rateLimit?: Partial<RateLimitInput> | null;
  public?: string | null;
  secret?: string | null;
  useCase?: string;
}

/** Validates a POST `/keys/` body (ProjectKeyPostSerializer). `isActive` is not a create field. */
export function parseKeyCreate(data: unknown): Outcome<KeyCreateInput> {
  return validateObject<KeyCreateInput>(data, {
    name: charField({ maxLength: 64, allowBlank: true, allowNull: true }),
    rateLimit: objectOf<RateLimitInput>(rateLimitFields),
    public: regexField(KEY_HEX, { allowNull: true }),
    secret: regexField(KEY_HEX, { allowNull: true }),
    useCase: choiceField(USE_CASES),
  });
}

/** A validated PUT `/keys/{id}/` body. */
export interface KeyUpdateInput {
  name?: string | null;
  isActive?: boolean;
  rateLimit?: Partial<RateLimitInput> | null;
  browserSdkVersion?: string;
  dynamicSdkLoaderOptions?: LoaderOptions | null;
}

const loaderFields = Object.fromEntries(
  LOADER_OPTION_NAMES.map((name) => [name, booleanField]),
) as {
  [K in keyof Required<LoaderOptions>]: Field<boolean>;
};
// Sentry ignores loader options it does not know (only the listed fields are validated).
const loaderOptionsField = objectOf<LoaderOptions>(loaderFields, { allowNull: true });

/** Validates a PUT `/keys/{id}/` body (ProjectKeyPutSerializer, partial). */
export function parseKeyUpdate(data: unknown): Outcome<KeyUpdateInput> {
  return validateObject<KeyUpdateInput>(data, {
    name: charField({ maxLength: 64, allowBlank: true, allowNull: true }),
    isActive: booleanField,
    rateLimit: objectOf<RateLimitInput>(rateLimitFields, { allowNull: true }),
    browserSdkVersion: choiceField(BROWSER_SDK_CHOICES),
    dynamicSdkLoaderOptions: loaderOptionsField,
  });
}

/** The rate limit a create stores: only when both parts are set and non-zero, as Sentry does. */
export function rateLimitOnCreate(input: KeyCreateInput["rateLimit"]): KeyRateLimit | null {
  if (!input || !input.count || !input.window) return null;
  return { count: input.count, window: input.window };
}

/**
 * The rate limit after an update: `null` (or a part set to null) clears it, both parts set it,
 * anything else (absent, `{}`, one part only) leaves `current` alone.
 */
export function rateLimitOnUpdate(
  input: KeyUpdateInput["rateLimit"],
  current: KeyRateLimit | null,
): KeyRateLimit | null {
  if (input === undefined) return current;
  if (input === null || input.count === null || input.window === null) return null;
  if (input.count !== undefined && input.window !== undefined) {
    return { count: input.count, window: input.window };
  }
  return current;
}

/** Max length of an org auth token name. */
export const TOKEN_NAME_MAX = 255;

/** Validates an org auth token body `{name}`: the messages Sentry's endpoint returns. */
export function parseTokenName(data: unknown): Outcome<string> {
  const shape = validateObject<{ name: unknown }>(data, { name: (v) => ({ ok: true, value: v }) });
  if (!shape.ok) return shape;
  const name = shape.value.name;
  if (name === undefined || name === null || name === "") {
    return { ok: false, errors: { detail: ["The name cannot be blank."] } };
  }
  if (typeof name !== "string") return { ok: false, errors: { name: ["Not a valid string."] } };
  if (name.length > TOKEN_NAME_MAX) {
    return {
      ok: false,
      errors: { detail: [`The name cannot be longer than ${TOKEN_NAME_MAX} characters.`] },
    };
  }
  return { ok: true, value: name };
}
