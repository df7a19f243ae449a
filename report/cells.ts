/** The report as table cells, shared by the text and Markdown renderers. Pure. */
import type { Report, ReportRow } from "./evaluate";
import type { UnmanagedKey } from "./unmanaged";

/** Column titles of the managed keys. */
export const MANAGED_COLUMNS = [
  "STACK",
  "RESOURCE",
  "ORG/PROJECT",
  "KEY",
  "ROLE",
  "AGE",
  "LAST ROTATION",
  "NEXT",
  "STATUS",
  "USAGE 24H",
  "SINKS",
] as const;

/** Column titles of the keys no stack manages. */
export const UNMANAGED_COLUMNS = [
  "ORG/PROJECT",
  "TYPE",
  "KEY",
  "NAME",
  "ACTIVE",
  "AGE",
  "LAST USED",
] as const;

/** One managed key's cells, in {@link MANAGED_COLUMNS} order. */
export function managedCells(row: ReportRow, now: Date): string[] {
  return [
    row.stack || "-",
    `${row.resource} ${row.name}`,
    where(row.organization, row.project),
    keyLabel(row),
    row.role,
    row.ageMs !== undefined ? formatSpan(row.ageMs) : "-",
    row.createdAt ? formatInstant(row.createdAt) : "-",
    nextCell(row, now),
    row.status,
    usageCell(row),
    sinksCell(row),
  ];
}

/** One unmanaged key's cells, in {@link UNMANAGED_COLUMNS} order. */
export function unmanagedCells(key: UnmanagedKey, now: Date): string[] {
  return [
    where(key.organization, key.project),
    key.keyType,
    keyLabel(key),
    key.name,
    key.isActive ? "yes" : "no",
    key.createdAt ? formatSpan(now.getTime() - new Date(key.createdAt).getTime()) : "-",
    key.lastUsedAt ? formatInstant(key.lastUsedAt) : "-",
  ];
}

/** The one-line summary: what needs attention first. */
export function summaryLine(report: Report): string {
  const s = report.summary;
  const stacks = report.stacks.map((x) => x.stack || x.source).join(", ");
  const window = report.dueWithin
    ? `, ${s.shown} with something due within ${report.dueWithin}`
    : "";
  const unreadable = s.usageUnreadable
    ? `, usage unreadable for ${plural(s.usageUnreadable, "key")}`
    : "";
  const live = report.unmanaged
    ? `; ${s.unmanaged} in Sentry that no stack manages (${report.organizations?.join(", ")}), ${s.missing} managed but missing from Sentry${unreadable}`
    : "";
  return (
    `${s.managed} managed keys in ${plural(report.stacks.length, "stack")} (${stacks})${window}: ` +
    `${s.overdue} overdue, ${s.due} due, ${s.neverRotates} with no rotation period, ${s.stale} with stale sinks${live}.`
  );
}

/** A client key by id, a token by id and last characters. */
export function keyLabel(key: {
  keyId?: string;
  tokenId?: string;
  tokenLastCharacters?: string;
}): string {
  if (key.keyId) return key.keyId;
  if (key.tokenId) return `#${key.tokenId} …${key.tokenLastCharacters ?? ""}`;
  return "-";
}

/** "2026-12-29 11:15Z": minutes are precision enough for people. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}

/** A span as days, else hours, else minutes: "30d", "5h", "12m". */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))}d`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)}h`;
  return `${minutes}m`;
}

function nextCell(row: ReportRow, now: Date): string {
  if (row.role === "retiring" || row.role === "pending-delete") return "delete at next up";
  if (!row.next) return "-";
  const ms = new Date(row.next.at).getTime() - now.getTime();
  const when = ms >= 0 ? `in ${formatSpan(ms)}` : `${formatSpan(ms)} ago`;
  return `${row.next.action} ${formatInstant(row.next.at)} (${when})${windowNote(row, now)}`;
}

function windowNote(row: ReportRow, now: Date): string {
  if (!row.window) return "";
  const { description, opensAt } = row.window;
  if (new Date(opensAt).getTime() <= now.getTime()) return `; window open, ${description}`;
  if (opensAt === row.next?.at) return `; window ${description}`;
  return `; waits for the window at ${formatInstant(opensAt)}, ${description}`;
}

// Accepted error events in the last 24h and the hour of the last one; "-" without the live API.
function usageCell(row: ReportRow): string {
  const usage = row.usage24h;
  if (!usage) return "-";
  if (!usage.known) return "unreadable";
  if (usage.acceptedEvents === 0) return "0 events";
  const last = usage.lastEventHour ? ` (last ${formatInstant(usage.lastEventHour)})` : "";
  return `${usage.acceptedEvents} events${last}`;
}

function sinksCell(row: ReportRow): string {
  if (row.sinks.length === 0) return "-";
  return row.sinks
    .map((s) => (row.staleSinks.includes(s.sink) ? `${s.sink} (stale: has ${s.keyId})` : s.sink))
    .join(", ");
}

function where(organization: string | undefined, project: string | undefined): string {
  return project ? `${organization ?? "?"}/${project}` : (organization ?? "?");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
