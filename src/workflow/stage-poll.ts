/**
 * The poll policy of one async stage wait: the step's policy plus the schedule learned from this
 * service's recent waits of that stage, and (when the step itself started the stage, so the
 * wait began with it) the recording of this wait for the next ones. Never fails a step: without
 * history, or when the database does not answer, the step polls by its policy's backoff.
 */
import type { PollPolicy } from '../boomi/poll.ts';
import { learnedSchedule } from '../boomi/stage-schedule.ts';
import type { AsyncStage, StageDuration } from '../store/repositories/stage-durations.ts';
import type { StepDeps } from './deps.ts';

export type LearnedPollPolicy = <P extends Partial<PollPolicy>>(
  stage: AsyncStage,
  policy: P,
  options: { record: boolean },
) => Promise<P>;

export function learnedPollPolicies({ repos, log }: Pick<StepDeps, 'repos' | 'log'>): LearnedPollPolicy {
  return async (stage, policy, options) => {
    let schedule: number[] | undefined;
    try {
      schedule = learnedSchedule(await repos.stageDurations.recent(stage));
    } catch (error) {
      log.warn({ stage, error: String(error) }, 'Stage history unavailable; polling by backoff');
    }
    const onSettled = (observation: StageDuration) => {
      repos.stageDurations.record(stage, observation).catch((error: unknown) => {
        log.warn({ stage, error: String(error) }, 'Stage duration not recorded');
      });
    };
    return {
      ...policy,
      ...(schedule ? { schedule } : {}),
      ...(options.record ? { onSettled } : {}),
    };
  };
}
