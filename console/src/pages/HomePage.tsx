/** The signed-in person's queues (spec §10, per role) with their counts. */
import { useState } from 'react';
import { usePromotions } from '../api/queries';
import type { Me } from '../api/types';
import { useMeContext } from '../auth/me';
import { BranchBudget } from '../components/BranchBudget';
import { ErrorNotice } from '../components/ErrorNotice';
import { PromotionTable } from '../components/PromotionTable';
import { queuesFor, type Queue } from '../queues';

function useQueue(queue: Queue, me: Me) {
  const page = usePromotions(queue.query(me));
  const items = page.data?.items ?? [];
  const more = page.data?.nextCursor != null;
  return { page, items, count: page.data ? `${items.length}${more ? '+' : ''}` : '…' };
}

function QueueTab({
  queue,
  me,
  selected,
  onSelect,
}: {
  queue: Queue;
  me: Me;
  selected: boolean;
  onSelect: () => void;
}) {
  const { count } = useQueue(queue, me);
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${queue.id}`}
      aria-selected={selected}
      aria-controls={`panel-${queue.id}`}
      tabIndex={selected ? 0 : -1}
      className="queue-tab"
      onClick={onSelect}
    >
      <span className="queue-title">{queue.title}</span>
      <span className="queue-count" aria-label={`${count} promotions`}>
        {count}
      </span>
    </button>
  );
}

function QueuePanel({ queue, me }: { queue: Queue; me: Me }) {
  const { page, items } = useQueue(queue, me);
  return (
    <section role="tabpanel" id={`panel-${queue.id}`} aria-labelledby={`tab-${queue.id}`} className="card">
      <p className="hint">{queue.description}</p>
      {page.isPending && <p aria-live="polite">Loading…</p>}
      <ErrorNotice error={page.error} />
      {page.data && (
        <PromotionTable promotions={items} caption={queue.title} branchAge={queue.showsBranchAge === true} />
      )}
    </section>
  );
}

export function HomePage() {
  const me = useMeContext();
  const queues = queuesFor(me);
  const [selectedId, setSelectedId] = useState(queues[0]?.id);
  const selected = queues.find((queue) => queue.id === selectedId) ?? queues[0];

  function onKeyDown(event: React.KeyboardEvent) {
    const index = queues.findIndex((queue) => queue.id === selected?.id);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = queues[(index + step + queues.length) % queues.length];
    if (next) {
      setSelectedId(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  }

  return (
    <>
      <h1>Queues</h1>
      <div role="tablist" aria-label="Queues" className="queue-tabs" onKeyDown={onKeyDown}>
        {queues.map((queue) => (
          <QueueTab
            key={queue.id}
            queue={queue}
            me={me}
            selected={queue.id === selected?.id}
            onSelect={() => setSelectedId(queue.id)}
          />
        ))}
      </div>
      {selected && <QueuePanel queue={selected} me={me} />}
      <BranchBudget />
    </>
  );
}
