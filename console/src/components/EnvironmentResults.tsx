/** A run's (or a rollback's) result per environment: name, status badge, and one column of detail. */
import type { ReactNode } from 'react';
import { StatusBadge } from './StatusBadge';

interface Props<T> {
  rows: readonly T[];
  /** Header of the third column, also its label on narrow screens. */
  detailHeader: string;
  detail: (row: T) => ReactNode;
  /** Shown as the only row when there is none. */
  empty?: string;
}

export function EnvironmentResults<
  T extends { environmentId: string; environmentName: string; status: string },
>({ rows, detailHeader, detail, empty }: Props<T>) {
  return (
    <table className="table responsive">
      <caption>Per-environment results</caption>
      <thead>
        <tr>
          <th scope="col">Environment</th>
          <th scope="col">Result</th>
          <th scope="col">{detailHeader}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.environmentId}>
            <td data-label="Environment">{row.environmentName}</td>
            <td data-label="Result">
              <StatusBadge value={row.status} />
            </td>
            <td data-label={detailHeader}>{detail(row)}</td>
          </tr>
        ))}
        {rows.length === 0 && empty && (
          <tr>
            <td colSpan={3}>{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
