/**
 * The work queues of the home page (spec §10), per role, in one place. Until the service has
 * `GET /promotions?queue=…` (issue 11) each queue is a filter of `GET /promotions` plus, where
 * the spec says "never the caller's own", a filter on the page; when `?queue=` lands, only
 * `query` and `keep` here change.
 */
import type { Me, Promotion, PromotionQuery, Role } from './api/types';

export interface Queue {
  id: string;
  title: string;
  description: string;
  /** Who sees the queue. */
  roles: readonly Role[];
  query: (me: Me) => PromotionQuery;
  /** Records of the page that belong in the queue. */
  keep: (promotion: Promotion, me: Me) => boolean;
}

const notMine = (promotion: Promotion, me: Me) => promotion.initiatedBy.toLowerCase() !== me.email;
const PAGE = 200;

export const QUEUES: readonly Queue[] = [
  {
    id: 'peer-review',
    title: 'Awaiting peer review',
    description: 'Promotions you can review now (never your own)',
    roles: ['reviewer', 'admin'],
    query: () => ({
      reviewStage: 'PENDING_PEER_REVIEW',
      status: ['COMPLETED', 'TEST_DEPLOYED'],
      limit: PAGE,
    }),
    keep: notMine,
  },
  {
    id: 'ready-to-deploy',
    title: 'Ready to deploy',
    description: 'Completed or test-deployed promotions an admin can package and deploy (not your own)',
    roles: ['admin'],
    query: () => ({ status: ['COMPLETED', 'TEST_DEPLOYED'], limit: PAGE }),
    keep: notMine,
  },
  {
    id: 'admin-approval',
    title: 'Peer approved, awaiting admin',
    description: 'Peer-approved promotions waiting for an admin’s production deployment (not your own)',
    roles: ['admin'],
    query: () => ({
      reviewStage: 'PENDING_ADMIN_REVIEW',
      status: ['COMPLETED', 'TEST_DEPLOYED'],
      limit: PAGE,
    }),
    keep: notMine,
  },
  {
    id: 'mine',
    title: 'My promotions',
    description: 'Promotions you initiated, newest first',
    roles: ['promoter'],
    query: (me) => ({ initiatedBy: me.email, limit: PAGE }),
    keep: () => true,
  },
  {
    id: 'recent',
    title: 'All promotions',
    description: 'The PromotionLog, newest first',
    roles: ['admin', 'reviewer', 'promoter', 'viewer'],
    query: () => ({ limit: 50 }),
    keep: () => true,
  },
];

export function queuesFor(me: Me): Queue[] {
  return QUEUES.filter((queue) => queue.roles.some((role) => me.roles.includes(role)));
}
