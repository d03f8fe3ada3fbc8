import { toJson } from './io';

/** Plain-text rendering of results: aligned columns, values as short text. */

/** A value as one cell: text and numbers as they are, structures as compact JSON. */
export function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return toJson(v, false);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((r) => r.map(cell))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** `1.0.1.8.0.255` for attribute 2 (the value), `1.0.1.8.0.255:3` otherwise. */
export function refText(obis: string, attribute: number): string {
  return attribute === 2 ? obis : `${obis}:${attribute}`;
}
