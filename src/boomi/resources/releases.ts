/**
 * ReleaseIntegrationPack and its status (spec step 7). Boomi answers the status with 202 while
 * the release runs (or waits for its date) and 200 once it has finished.
 */
import { normalise } from '../normalise.ts';
import { DEFAULT_POLL_POLICIES, pollPolicy, pollUntil, type PollPolicy } from '../poll.ts';
import { SHAPES } from '../shapes.ts';
import type { TimeBase } from '../time.ts';
import type { Transport } from '../transport.ts';
import type {
  ReleaseCreateInput,
  ReleaseIntegrationPack,
  ReleaseIntegrationPackStatus,
  ReleaseState,
} from '../types.ts';
import { idPath, post } from './common.ts';

export interface ReleaseStatus {
  /** `UNKNOWN` when a finished (200) answer names no releaseStatus. */
  state: ReleaseState | 'UNKNOWN';
  /** 202 = not finished yet, 200 = finished. */
  httpStatus: number;
  body: ReleaseIntegrationPackStatus;
}

/** Finished, or scheduled for a later date (nothing more will happen while we poll). */
export function isSettled(status: ReleaseStatus): boolean {
  return status.state === 'SCHEDULED' || (status.httpStatus !== 202 && status.state !== 'IN_PROGRESS');
}

export function releasesApi(transport: Transport, time: TimeBase) {
  async function getStatus(requestId: string): Promise<ReleaseStatus> {
    const response = await transport.request({
      method: 'GET',
      path: idPath('ReleaseIntegrationPackStatus', requestId),
    });
    const body = normalise<ReleaseIntegrationPackStatus>(
      response.body ?? {},
      SHAPES.ReleaseIntegrationPackStatus,
    );
    const state = body.releaseStatus ?? (response.status === 202 ? 'IN_PROGRESS' : 'UNKNOWN');
    return { state, httpStatus: response.status, body };
  }

  return {
    create(input: ReleaseCreateInput): Promise<ReleaseIntegrationPack> {
      const body = {
        id: input.integrationPackId,
        releaseSchedule: input.releaseSchedule ?? 'IMMEDIATELY',
        ...(input.releaseOnDate ? { releaseOnDate: input.releaseOnDate } : {}),
        ...(input.components
          ? { ReleasePackagedComponents: { ReleasePackagedComponent: input.components } }
          : {}),
      };
      return post<ReleaseIntegrationPack>(
        transport,
        '/ReleaseIntegrationPack',
        body,
        SHAPES.ReleaseIntegrationPack,
      );
    },
    getStatus,
    /** Polls the status until it settles; the caller checks `state` (SUCCESS, ERROR, SCHEDULED). */
    waitForRelease(requestId: string, policy?: Partial<PollPolicy>): Promise<ReleaseStatus> {
      return pollUntil({
        what: 'Release',
        id: requestId,
        policy: pollPolicy(DEFAULT_POLL_POLICIES.release, policy),
        time,
        check: async () => {
          const status = await getStatus(requestId);
          return isSettled(status) ? { done: true, value: status } : { done: false, state: status.state };
        },
      });
    },
  };
}
