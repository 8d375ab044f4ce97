/** Boomi calls as the run history and the plan show them: one line per kind, `×3` when repeated. */
import { groupCalls } from '../steps';

export function CallGroups({ summary, calls }: { summary: string; calls: readonly string[] }) {
  return (
    <details className="step-calls">
      <summary>{summary}</summary>
      <ul>
        {groupCalls(calls).map((group, index) => (
          <li key={index}>
            <code>{group.call}</code>
            {group.count > 1 && ` ×${group.count}`}
          </li>
        ))}
      </ul>
    </details>
  );
}
