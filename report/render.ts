/** The three output formats of the report: aligned text, Markdown (CI job summaries), JSON. Pure. */
import {
  MANAGED_COLUMNS,
  managedCells,
  summaryLine,
  UNMANAGED_COLUMNS,
  unmanagedCells,
  formatInstant,
} from "./cells";
import type { Report } from "./evaluate";

/** An output format. */
export type ReportFormat = "table" | "json" | "markdown";

/** Every format, for messages. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "json", "markdown"];

/** Renders the report in `format`, ending with a newline. */
export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return renderMarkdown(report);
    case "table":
      return renderTable(report);
  }
}

function heading(report: Report): string {
  const window = report.dueWithin ? `, due within ${report.dueWithin}` : "";
  return `at ${formatInstant(report.now)} (overdue after a grace of ${report.grace}${window})`;
}

function renderTable(report: Report): string {
  const now = new Date(report.now);
  const lines = [`Sentry keys managed by pulumi-sentry-rotation ${heading(report)}`, ""];
  lines.push(
    ...(report.rows.length
      ? alignColumns([[...MANAGED_COLUMNS], ...report.rows.map((r) => managedCells(r, now))])
      : ["(none)"]),
  );
  if (report.unmanaged) {
    lines.push("", `In Sentry but managed by no stack given (they never rotate):`, "");
    lines.push(
      ...(report.unmanaged.length
        ? alignColumns([
            [...UNMANAGED_COLUMNS],
            ...report.unmanaged.map((k) => unmanagedCells(k, now)),
          ])
        : ["(none)"]),
    );
  }
  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

function renderMarkdown(report: Report): string {
  const now = new Date(report.now);
  const stacks = report.stacks.map((s) => `\`${s.stack || s.source}\``).join(", ");
  const s = report.summary;
  const alarm = s.overdue > 0 || s.stale > 0 || s.missing > 0 ? ":rotating_light: " : "";
  const out = [
    "## Sentry key rotation",
    "",
    `Stacks ${stacks}, ${heading(report)}.`,
    "",
    `${alarm}${summaryLine(report)}`,
    "",
    "### Managed keys",
    "",
    ...markdownTable(
      [...MANAGED_COLUMNS],
      report.rows.map((r) => {
        const cells = managedCells(r, now);
        return r.status === "overdue" || r.status === "missing"
          ? cells.map((c, i) => (i === 8 ? `**${c}**` : c))
          : cells;
      }),
    ),
  ];
  if (report.unmanaged) {
    out.push("", "### In Sentry, managed by no stack (never rotated)", "");
    out.push(
      ...markdownTable(
        [...UNMANAGED_COLUMNS],
        report.unmanaged.map((k) => unmanagedCells(k, now)),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

function markdownTable(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ["_None._"];
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)];
}
