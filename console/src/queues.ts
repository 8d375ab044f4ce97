/**
 * The work queues of the home page (spec §10), per role, in one place. The service decides what
 * belongs in each (`GET /promotions?queue=…`: never the caller's own, four eyes, no active run);
 * the console only chooses which queues a role sees.
 */
import type { Me, PromotionQuery, Role } from './api/types';

export interface Queue {
  id: string;
  title: string;
  description: string;
  /** Who sees the queue. */
  roles: readonly Role[];
  query: (me: Me) => PromotionQuery;
  /** The production-readiness queue shows the branch's age (amber 15–30 days, red beyond). */
  showsBranchAge?: boolean;
}

const PAGE = 200;

export const QUEUES: readonly Queue[] = [
  {
    id: 'peer-review',
    title: 'Awaiting peer review',
    description: 'Promotions you can review now (never your own)',
    roles: ['reviewer', 'admin'],
    query: () => ({ queue: 'peer-review', limit: PAGE }),
  },
  {
    id: 'admin-approval',
    title: 'Awaiting admin approval',
    description:
      'Peer-approved promotions waiting for a production deployment (not your own, not ones you peer-reviewed)',
    roles: ['admin'],
    query: () => ({ queue: 'admin-approval', limit: PAGE }),
  },
  {
    id: 'production-readiness',
    title: 'Production readiness',
    description:
      'Test-deployed promotions not yet promoted to production, with their branch’s age (amber from 15 days, red beyond 30)',
    roles: ['admin', 'reviewer'],
    query: () => ({ queue: 'production-readiness', limit: PAGE }),
    showsBranchAge: true,
  },
  {
    id: 'mine',
    title: 'My promotions',
    description: 'Promotions you initiated, newest first',
    roles: ['promoter'],
    query: (me) => ({ initiatedBy: me.email, limit: PAGE }),
  },
  {
    id: 'recent',
    title: 'All promotions',
    description: 'The PromotionLog, newest first',
    roles: ['admin', 'reviewer', 'promoter', 'viewer'],
    query: () => ({ limit: 50 }),
  },
];

export function queuesFor(me: Me): Queue[] {
  return QUEUES.filter((queue) => queue.roles.some((role) => me.roles.includes(role)));
}
