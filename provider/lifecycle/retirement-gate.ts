/**
 * Usage-gated retirement: before a key that consumers may still hold is deactivated or deleted,
 * Sentry's stats for it are read. A key that received error events within the quiet period is
 * held (and the hold recorded), and retired on a later run once quiet, or once the maximum hold
 * has passed, or when the next rotation must replace it: then loudly.
 */
import type { AuditSubject } from "../audit/subject";
import { addDuration, afterPeriod, parseDuration } from "../rotation";
import type { ProviderContext } from "../runtime/context";
import { describeUsage, readKeyUsage, type KeyUsage, type UsageLocation } from "./usage";

/** The gate's settings, as checked (defaults filled in). */
export interface RetirementGate {
  /** A key with error events within this period before now is held. */
  quietPeriod: string;
  /** A held key is retired anyway once held this long. */
  maxHold: string;
}

/** The gate's defaults, for a `retirement: {}` that names neither. */
export const DEFAULT_RETIREMENT_GATE: RetirementGate = { quietPeriod: "24h", maxHold: "7d" };

/** What the state keeps of a hold, so later runs know when it began and when it ends. */
export interface RetirementHold {
  /** When the first run found the key in use (ISO 8601). */
  since: string;
  /** When the key is retired even if still in use: `since` plus the maximum hold (ISO 8601). */
  until: string;
  /** What the last run read. */
  usage: KeyUsage;
}

/** What happens to the key now. */
export type RetirementDecision =
  | { kind: "retire"; usage?: KeyUsage; heldSince?: string }
  | { kind: "hold"; hold: RetirementHold }
  | { kind: "forced"; hold: RetirementHold; because: "max-hold" | "rotation" };

/**
 * Decides from the usage read now. Pure. A quiet key (or one already gone) retires; a used key,
 * or one whose usage could not be read, is held from `heldSince` (or now) until the maximum hold,
 * unless `mustGo` (the next rotation replaces it) or the hold is over: then it is forced out.
 */
export function decideRetirement(options: {
  usage: KeyUsage;
  gate: RetirementGate;
  heldSince?: string;
  now: Date;
  mustGo: boolean;
}): RetirementDecision {
  const { usage, gate, heldSince, now, mustGo } = options;
  const quiet = usage.known ? usage.acceptedEvents === 0 : usage.gone;
  if (quiet) return { kind: "retire", usage, ...(heldSince ? { heldSince } : {}) };
  const since = heldSince ?? now.toISOString();
  const until = afterPeriod(since, gate.maxHold, "retirement.maxHold");
  const hold = { since, until: until.toISOString(), usage };
  if (mustGo) return { kind: "forced", hold, because: "rotation" };
  if (now.getTime() >= until.getTime()) return { kind: "forced", hold, because: "max-hold" };
  return { kind: "hold", hold };
}

/** The instant `period` before `now`. Pure. */
export function periodBefore(now: Date, period: string, field: string): Date {
  return addDuration(now, parseDuration(period, field).negate());
}

/**
 * Reads the key's usage over the quiet period, decides, and records a hold or a forced retirement
 * in the audit trail (with the figures) and as a warning in the `pulumi up` output. The caller
 * retires the key unless the decision is a hold.
 */
export async function gateRetirement(
  ctx: ProviderContext,
  options: {
    subject: AuditSubject;
    where: UsageLocation;
    gate: RetirementGate;
    heldSince?: string;
    now: Date;
    mustGo: boolean;
  },
): Promise<RetirementDecision> {
  const { subject, where, gate, now } = options;
  const since = periodBefore(now, gate.quietPeriod, "retirement.quietPeriod");
  const usage = await readKeyUsage(ctx.client(), where, since, now);
  const decision = decideRetirement({ ...options, usage });
  if (decision.kind === "retire") return decision;
  const figures = describeUsage(decision.hold.usage, gate.quietPeriod);
  const event = { ...subject, keyId: where.keyId, usage: decision.hold.usage };
  if (decision.kind === "hold") {
    const detail = `previous key still in use: ${figures}; retirement held since ${decision.hold.since}, checked again on every \`pulumi up\`, retired once quiet for ${gate.quietPeriod} or at ${decision.hold.until} at the latest`;
    await ctx.audit.record({
      ...event,
      action: "retirement-held",
      reason: "overlap-ended",
      detail,
      hint: "move the consumers still sending with this DSN to the current key (its value is in the sinks)",
    });
    ctx.log(`warning: client key ${where.keyId}: ${detail}`);
    return decision;
  }
  const why =
    decision.because === "rotation"
      ? "the next rotation replaces it"
      : `the maximum hold of ${gate.maxHold} since ${decision.hold.since} has passed`;
  const detail = `previous key retired although still in use: ${figures}; ${why}. Consumers still sending with it lose their events from now on`;
  await ctx.audit.record({
    ...event,
    action: "retirement-forced",
    reason: decision.because === "rotation" ? "replaced" : "overlap-ended",
    detail,
    hint: "find the consumers still holding the old DSN (they are not reading the sinks) and redeploy them with the current key",
  });
  ctx.log(`warning: RETIREMENT FORCED for client key ${where.keyId}: ${detail}`);
  return decision;
}
