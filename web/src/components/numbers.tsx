// The numbers behind a chart, as a table anyone can read (screen readers, keyboard, copy and paste),
// and a CSV of the same rows.
import type { ReactNode } from 'react';

export interface Column<Row> {
  label: string;
  /** What the cell shows. */
  cell: (row: Row) => ReactNode;
  /** The cell in the CSV (defaults to the text of `cell` when it is a string or number). */
  csv?: (row: Row) => string | number | null;
  /** Whether the column holds numbers (right-aligned). */
  numeric?: boolean;
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** File name of the CSV download; none when left out. */
  csvName?: string;
  /** Open by default (tables that are the main view rather than a chart's companion). */
  open?: boolean;
}

/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document from a header and rows. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of text as a file. */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** A "Show the numbers" table. */
export function NumbersTable<Row>({ caption, columns, rows, rowKey, csvName, open }: Props<Row>) {
  const exportCsv = () => {
    const header = columns.map((c) => c.label);
    const body = rows.map((row) =>
      columns.map((c) => {
        if (c.csv) return c.csv(row);
        const value = c.cell(row);
        return typeof value === 'string' || typeof value === 'number' ? value : '';
      }),
    );
    if (csvName) download(csvName, toCsv(header, body));
  };
  return (
    <details className="data-table numbers" open={open}>
      <summary>Show the numbers</summary>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section className="table-scroll" tabIndex={0} aria-label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? 'dt-head' : 'dt-head dt-label'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th key={c.label} scope="row" className="dt-label">
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.label} className={c.numeric ? undefined : 'dt-label'}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {csvName ? (
        <button type="button" className="button button-small button-ghost csv-button" onClick={exportCsv}>
          Download CSV
        </button>
      ) : null}
    </details>
  );
}
