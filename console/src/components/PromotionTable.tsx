/** A list of promotions: a table on wide screens, stacked rows on a phone (CSS). */
import { Link } from 'react-router';
import type { Promotion } from '../api/types';
import { ageInDays, ageLevel, dateTime } from '../format';
import { StatusBadge } from './StatusBadge';

export function PromotionTable({ promotions, caption }: { promotions: Promotion[]; caption: string }) {
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
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {promotions.map((promotion) => {
          const days = ageInDays(promotion.initiatedAt);
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
              <td data-label="Age">
                <span className={`age age-${ageLevel(days)}`} title={dateTime(promotion.initiatedAt)}>
                  {days} d
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
