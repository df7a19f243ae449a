/**
 * Generators of hostile input for the property tests: values that are almost right (the common
 * mistakes), values of the wrong kind, and anything JSON can carry, plus the preview sentinel.
 */
import fc from "fast-check";
import { UNKNOWN } from "../../provider/unknown";

/** Any value the engine can send (JSON), or the unknown-during-preview sentinel. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(UNKNOWN),
  fc.constant(undefined),
);

const units = fc.constantFrom("m", "h", "d", "w", "M", "y", "s", "D", "", " d");
const digits = fc.oneof(
  fc.nat({ max: 5000 }).map(String),
  fc.constantFrom(
    "0",
    "00",
    "1",
    "9999999999",
    "99999999999999999999999",
    "9007199254740993",
    "-1",
    "1.5",
    "1e3",
  ),
);

/** Rotation periods: short and ISO forms, valid, out of range, malformed, or not strings. */
export const durationLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(digits, units).map(([n, u]) => `${n}${u}`),
  fc
    .tuple(
      fc.constantFrom("P", "p", "-P", "PT", "P1DT"),
      digits,
      fc.constantFrom("Y", "M", "W", "D", "H", "S", "T", ""),
    )
    .map(([p, n, u]) => `${p}${n}${u}`),
  fc.constantFrom(
    "90d",
    "P90D",
    "PT12H",
    "P3M",
    "P10Y",
    "P10YT1S",
    "PT59S",
    "1m",
    "P1Y1Y",
    " 30d ",
    "",
    "  ",
  ),
  fc.string({ maxLength: 12 }),
  anyValue,
);

/** Slugs: Sentry's shape, upper case, too long, with bad characters, numeric, or not strings. */
export const slugLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.stringMatching(/^[a-z0-9_-]{1,50}$/),
  fc.stringMatching(/^[a-zA-Z0-9 ._/-]{0,60}$/),
  fc.constantFrom(
    "web",
    "Web",
    "a".repeat(50),
    "a".repeat(51),
    "123",
    "-",
    "my project",
    "org/proj",
    "",
  ),
  anyValue,
);

/** Names: short, blank, exactly or over the limit, unicode, or not strings. */
export const nameLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "web frontend",
    " ",
    "\t",
    "x".repeat(64),
    "x".repeat(65),
    "x".repeat(255),
    "x".repeat(256),
  ),
  anyValue,
);

/** Rate limits: plausible, out of range, fractional, missing parts, extra fields, or not objects. */
export const rateLimitLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    window: fc.integer({ min: -10, max: 100_000 }),
    count: fc.integer({ min: -10, max: 1_000_000 }),
  }),
  fc.record({ window: anyValue, count: anyValue, extra: anyValue }, { requiredKeys: [] }),
  // Fractions and negatives as JSON carries them: the engine sends no NaN or Infinity.
  fc.record({
    window: fc.double({ noNaN: true, noDefaultInfinity: true }),
    count: fc.double({ noNaN: true, noDefaultInfinity: true }),
  }),
  anyValue,
);

/** Maps of rotation triggers. */
export const triggersLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }),
  anyValue,
);

/** File paths for a dotenv sink: relative, absolute, directories, odd characters, NUL. */
export const dotenvPathLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    ".env",
    "./.env",
    "/tmp/x/.env",
    "/",
    ".",
    "..",
    "dir/",
    "missing/dir/.env",
    "a\0b",
    "~/.env",
    " ",
  ),
  fc.string({ maxLength: 20 }),
  anyValue,
);

/** Every known field of `rules` with hostile values (each may be absent), plus a stray field. */
export function inputsFor(
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), anyValue), { nil: undefined }),
    )
    .map(([known, stray]) => (stray ? { ...known, [`x${stray[0]}`]: stray[1] } : known));
}

/** Rotation windows: valid, almost right (bad zone, cron, time, days, overlong), or anything. */
export const windowLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      daysOfWeek: fc.oneof(
        fc.array(fc.constantFrom("Mon", "sun", "Funday", "SATURDAY", 3)),
        anyValue,
      ),
      startTime: fc.constantFrom("02:30", "2:30", "24:00", "23:59", "", "02:30:00"),
      cron: fc.constantFrom("0 2 * * *", "0 2 * *", "0 0 30 2 *", "@daily", "*/5 * * * *"),
      duration: fc.oneof(durationLike, fc.constantFrom("2h", "25h", "1d")),
      timeZone: fc.constantFrom(
        "Europe/Berlin",
        "America/New_York",
        "Europe/Berln",
        "utc",
        "+02:00",
      ),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
