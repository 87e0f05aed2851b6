import type { BenchFigure, BenchResult } from '../bench-result';

const number = (value: number) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(value);

const cells = (figure: BenchFigure): string[] => [
  figure.name,
  number(figure.value),
  figure.unit,
  figure.baseline ? `${number(figure.baseline.value)} (${figure.baseline.name})` : '',
  figure.ratio === undefined ? '' : `${number(figure.ratio)}x`,
  figure.target ?? '',
  figure.met === undefined ? '' : figure.met ? 'yes' : 'NO',
];

const HEADER = ['figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
/** Numbers right-aligned, words left-aligned. */
const RIGHT = new Set([1, 4]);

/** A result as plain text: title, setup, a table of its figures, notes. */
export function formatResult(result: BenchResult): string {
  const rows = [HEADER, ...result.figures.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        RIGHT.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const setup = Object.entries(result.setup)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return [
    `== ${result.id}: ${result.title}`,
    `   setup: ${setup}`,
    line(rows[0] ?? HEADER),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...rows.slice(1).map(line),
    ...(result.notes ?? []).map((note) => `   note: ${note}`),
  ].join('\n');
}
