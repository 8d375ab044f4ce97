/** The audit log (admins): who did what, to what, when, with what outcome; filtered and paged. */
import { useState, type FormEvent } from 'react';
import { useAudit } from '../api/queries';
import { useMeContext } from '../auth/me';
import { CursorPager } from '../components/CursorPager';
import { ErrorNotice } from '../components/ErrorNotice';
import { dateTime } from '../format';

function outcomeTone(outcome: string): string {
  if (outcome === 'SUCCESS') return 'success';
  return outcome.startsWith('REFUSED') ? 'warning' : 'danger';
}

export function AuditPage() {
  const me = useMeContext();
  const [draft, setDraft] = useState({ actor: '', action: '' });
  const [filter, setFilter] = useState<{ actor?: string; action?: string }>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const audit = useAudit(filter, cursors.at(-1));

  function apply(event: FormEvent) {
    event.preventDefault();
    setCursors([]);
    setFilter({
      ...(draft.actor.trim() ? { actor: draft.actor.trim() } : {}),
      ...(draft.action.trim() ? { action: draft.action.trim() } : {}),
    });
  }

  if (!me.roles.includes('admin')) {
    return (
      <>
        <h1>Audit log</h1>
        <p className="disabled-reason">
          <code className="error-code">FORBIDDEN</code> The audit log requires the admin role.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Audit log</h1>
      <form className="filters card" onSubmit={apply}>
        <div>
          <label htmlFor="audit-actor">Actor</label>
          <input
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="audit-action">Action</label>
          <input
            id="audit-action"
            placeholder="e.g. promotion.deny"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </div>
        <button type="submit" className="button button-secondary">
          Filter
        </button>
      </form>
      <ErrorNotice error={audit.error} />
      {audit.isPending && <p aria-live="polite">Loading…</p>}
      {audit.data && (
        <table className="table responsive">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((entry) => (
              <tr key={entry.id}>
                <td data-label="When">{dateTime(entry.occurredAt)}</td>
                <td data-label="Actor">{entry.actor}</td>
                <td data-label="Action">
                  <code>{entry.action}</code>
                </td>
                <td data-label="Target">
                  {entry.targetId ? `${entry.targetType ?? ''} ${entry.targetId}` : '—'}
                </td>
                <td data-label="Outcome">
                  <span className={`badge badge-${outcomeTone(entry.outcome)}`}>{entry.outcome}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager cursors={cursors} onChange={setCursors} nextCursor={audit.data?.nextCursor} />
    </>
  );
}
