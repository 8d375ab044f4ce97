/**
 * The notifications inbox (spec §13, admin): every notification with its state, each delivery's
 * attempts and last error, and "Send again" for a failed one. In sandbox mode (no SMTP server)
 * emails are kept here instead of sent.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useNotifications, useRetryNotification } from '../api/queries';
import { useMeContext } from '../auth/me';
import type { Notification, NotificationState } from '../api/types';
import { CursorPager } from '../components/CursorPager';
import { ErrorNotice } from '../components/ErrorNotice';
import { StatusBadge } from '../components/StatusBadge';
import { dateTime } from '../format';

const STATES: NotificationState[] = ['pending', 'delivered', 'failed', 'kept', 'no-recipients'];

function lastError(notification: Notification): string | null {
  return notification.deliveries.find((delivery) => delivery.lastError)?.lastError ?? null;
}

function Row({ notification }: { notification: Notification }) {
  const retry = useRetryNotification();
  const error = lastError(notification);
  return (
    <tr>
      <td data-label="When">{dateTime(notification.createdAt)}</td>
      <td data-label="Event">
        <code>{notification.eventType}</code>
        <div>{notification.subject}</div>
        <Link to={`/promotions/${encodeURIComponent(notification.promotionId)}`}>promotion</Link>
      </td>
      <td data-label="State">
        <StatusBadge value={notification.state.toUpperCase()} />
      </td>
      <td data-label="Deliveries">
        <ul className="plain">
          {notification.deliveries.map((delivery) => (
            <li key={delivery.id}>
              {`${delivery.channel} → ${delivery.recipient}: ${delivery.state}, ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`}
            </li>
          ))}
        </ul>
        {error && <p className="step-error">Last error: {error}</p>}
      </td>
      <td data-label="Action">
        {notification.state === 'failed' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={retry.isPending}
            onClick={() => retry.mutate(notification.id)}
          >
            Send again
          </button>
        ) : (
          '—'
        )}
        <ErrorNotice title="Retry refused" error={retry.error} />
      </td>
    </tr>
  );
}

export function NotificationsPage() {
  const me = useMeContext();
  if (!me.roles.includes('admin')) {
    return (
      <>
        <h1>Notifications</h1>
        <p className="disabled-reason">
          <code className="error-code">FORBIDDEN</code> The notifications inbox requires the admin role.
        </p>
      </>
    );
  }
  return <Inbox />;
}

function Inbox() {
  const [state, setState] = useState<NotificationState | ''>('');
  const [cursors, setCursors] = useState<string[]>([]);
  const page = useNotifications(state || undefined, cursors.at(-1));
  return (
    <>
      <h1>Notifications</h1>
      <div className="card filters">
        <div>
          <label htmlFor="notification-state">State</label>
          <select
            id="notification-state"
            value={state}
            onChange={(event) => {
              setState(event.target.value as NotificationState | '');
              setCursors([]);
            }}
          >
            <option value="">all</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice title="Notifications could not be read" error={page.error} />
      {page.isPending && <p aria-live="polite">Loading…</p>}
      {page.data && page.data.items.length === 0 && <p className="empty">No notifications.</p>}
      {page.data && page.data.items.length > 0 && (
        <table className="table responsive">
          <caption className="visually-hidden">Notifications</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">State</th>
              <th scope="col">Deliveries</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {page.data.items.map((notification) => (
              <Row key={notification.id} notification={notification} />
            ))}
          </tbody>
        </table>
      )}
      <CursorPager cursors={cursors} onChange={setCursors} nextCursor={page.data?.nextCursor} />
    </>
  );
}
