/** A list of promotions: a table on wide screens, stacked rows on a phone (CSS). */
import { Link } from 'react-router';
import type { Promotion } from '../api/types';
import { ageInDays, ageLevel, dateTime } from '../format';
import { StatusBadge } from './StatusBadge';

interface Props {
  promotions: Promotion[];
  caption: string;
  /** Show the branch's age as the service computed it (production-readiness queue). */
  branchAge?: boolean;
}

const LEVELS = { OK: 'ok', AMBER: 'warning', RED: 'critical' } as const;

/** The branch's age from the queue (service-computed), else the promotion's age. */
function age(promotion: Promotion, branchAge: boolean) {
  if (branchAge && promotion.branchAgeDays !== undefined) {
    const days = promotion.branchAgeDays;
    return { days, level: promotion.branchAgeLevel ? LEVELS[promotion.branchAgeLevel] : ageLevel(days) };
  }
  const days = ageInDays(promotion.initiatedAt);
  return { days, level: ageLevel(days) };
}

const LEVEL_WORDS = { ok: '', warning: ' (ageing)', critical: ' (clean up)' } as const;

export function PromotionTable({ promotions, caption, branchAge = false }: Props) {
  if (promotions.length === 0) return <p className="empty">Nothing here right now.</p>;
  return (
    <table className="table responsive">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Process</th>
          <th scope="col">Status</th>
          <th scope="col">Peer review</th>
          <th scope="col">Initiated by</th>
          {branchAge && <th scope="col">Test deployed</th>}
          <th scope="col">{branchAge ? 'Branch age' : 'Age'}</th>
        </tr>
      </thead>
      <tbody>
        {promotions.map((promotion) => {
          const { days, level } = age(promotion, branchAge);
          return (
            <tr key={promotion.promotionId}>
              <td data-label="Process">
                <Link to={`/promotions/${encodeURIComponent(promotion.promotionId)}`}>
                  {promotion.processName ?? promotion.promotionId}
                </Link>
                {promotion.isHotfix === 'true' && <span className="badge badge-danger">HOTFIX</span>}
              </td>
              <td data-label="Status">
                <StatusBadge value={promotion.status} />
              </td>
              <td data-label="Peer review">
                <StatusBadge value={promotion.peerReviewStatus} />
              </td>
              <td data-label="Initiated by">{promotion.initiatedBy}</td>
              {branchAge && <td data-label="Test deployed">{dateTime(promotion.testDeployedAt)}</td>}
              <td data-label={branchAge ? 'Branch age' : 'Age'}>
                <span className={`age age-${level}`} title={dateTime(promotion.initiatedAt)}>
                  {days} d{LEVEL_WORDS[level]}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
