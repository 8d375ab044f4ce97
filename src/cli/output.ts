/** Printing for people (aligned columns, key/value blocks) and for machines (--json). */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

type Cell = string | number | boolean | null | undefined;

function show(cell: Cell): string {
  return cell === null || cell === undefined || cell === '' ? '-' : String(cell);
}

/** Left-aligned columns with a header row. */
export function printTable(headers: string[], rows: Cell[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(show))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  for (const row of cells) {
    printLine(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** `key: value` lines, skipping empty values, keys aligned. */
export function printFields(fields: Record<string, Cell>): void {
  const entries = Object.entries(fields).filter(
    ([, value]) => value !== null && value !== undefined && value !== '',
  );
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  for (const [key, value] of entries) printLine(`${`${key}:`.padEnd(width + 2)}${show(value)}`);
}
