/** Fault injection rules for tests: matched in order against API and ingest requests. */
import {
  choiceField,
  integerField,
  isPlainObject,
  validateObject,
  type Outcome,
} from "./validation";

/** What a fault does to a matching request. */
export const FAULT_KINDS = ["status", "reset", "delay", "drop-after-commit", "rate-limit"] as const;
/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];
const METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

/** A fault rule as tests post it (`times` -1 = until cleared). */
export interface Fault {
  method?: (typeof METHODS)[number];
  path?: string;
  kind: FaultKind;
  status?: number;
  body?: unknown;
  delayMs?: number;
  times?: number;
}

/** A stored rule with its compiled path and remaining uses. */
export interface FaultRule extends Fault {
  times: number;
  pathPattern?: RegExp;
}

/** Validates `{"faults": [Fault, ...]}`, with DRF-shaped errors indexed like `faults[1].kind`. */
export function parseFaults(body: unknown): Outcome<FaultRule[]> {
  if (!isPlainObject(body) || !Array.isArray(body.faults)) {
    return {
      ok: false,
      errors: { faults: ['Expected {"faults": [ ... ]}: a list of fault rules.'] },
    };
  }
  const rules: FaultRule[] = [];
  const errors: Record<string, unknown> = {};
  body.faults.forEach((raw, index) => {
    const outcome = parseFault(raw);
    if (outcome.ok) rules.push(outcome.value);
    else errors[`faults[${index}]`] = outcome.errors;
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: rules };
}

function parseFault(raw: unknown): Outcome<FaultRule> {
  const outcome = validateObject<{
    method: string;
    path: string;
    kind: string;
    status: number | null;
    delayMs: number | null;
    times: number | null;
  }>(raw, {
    method: choiceField(METHODS),
    path: (v) =>
      typeof v === "string"
        ? { ok: true, value: v }
        : { ok: false, errors: ["Not a valid string."] },
    kind: choiceField(FAULT_KINDS),
    status: integerField({ min: 100, max: 599 }),
    delayMs: integerField({ min: 0, max: 600000 }),
    times: integerField({ min: -1 }),
  });
  if (!outcome.ok) return outcome;
  const fault = outcome.value;
  const errors: Record<string, string[]> = {};
  if (fault.kind === undefined) errors.kind = ["This field is required."];
  if (fault.times === 0) errors.times = ["Use a positive count, or -1 for until cleared."];
  if (fault.kind === "delay" && fault.delayMs === undefined)
    errors.delayMs = ["Required for kind delay."];
  let pathPattern: RegExp | undefined;
  if (fault.path !== undefined) {
    try {
      pathPattern = new RegExp(fault.path);
    } catch (error) {
      errors.path = [`Not a valid regular expression: ${(error as Error).message}`];
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const rule: FaultRule = {
    kind: fault.kind as FaultKind,
    times: fault.times ?? 1,
    ...(fault.method === undefined ? {} : { method: fault.method as Fault["method"] }),
    ...(fault.path === undefined ? {} : { path: fault.path, pathPattern }),
    ...(fault.status === undefined || fault.status === null ? {} : { status: fault.status }),
    ...(fault.delayMs === undefined || fault.delayMs === null ? {} : { delayMs: fault.delayMs }),
    ...(isPlainObject(raw) && "body" in raw ? { body: raw.body } : {}),
  };
  return { ok: true, value: rule };
}

/** The list of active rules. */
export class FaultBook {
  private rules: FaultRule[] = [];

  /** Appends rules after the existing ones. */
  add(rules: FaultRule[]): void {
    this.rules.push(...rules);
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The remaining rules, as posted (without compiled patterns). */
  list(): Fault[] {
    return this.rules.map(({ pathPattern: _pattern, ...fault }) => fault);
  }

  /** The first rule matching the request, with one use consumed; undefined when none match. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => (r.method === undefined || r.method === method) && (r.pathPattern?.test(path) ?? true),
    );
    if (!rule) return undefined;
    if (rule.times > 0) {
      rule.times -= 1;
      if (rule.times === 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule;
  }
}
