/**
 * The poll policy of one async stage wait: the step's policy plus the schedule learned from this
 * service's recent waits of that stage, and (when the step itself started the stage, so the
 * wait began with it) the recording of this wait for the next ones. Never fails a step: without
 * history, or when the database does not answer, the step polls by its policy's backoff.
 */
import type { PollPolicy } from '../boomi/poll.ts';
import { learnedSchedule } from '../boomi/stage-schedule.ts';
import type { AsyncStage } from '../store/repositories/stage-durations.ts';
import { workflowDeps } from './context.ts';

export async function learnedPollPolicy(
  stage: AsyncStage,
  policy: Partial<PollPolicy>,
  options: { record: boolean },
): Promise<Partial<PollPolicy>> {
  const { repos, log } = workflowDeps();
  let schedule: number[] | undefined;
  try {
    schedule = learnedSchedule(await repos.stageDurations.recent(stage));
  } catch (error) {
    log.warn({ stage, error: String(error) }, 'Stage history unavailable; polling by backoff');
  }
  return {
    ...policy,
    ...(schedule ? { schedule } : {}),
    ...(options.record
      ? {
          onSettled: (observation) => {
            repos.stageDurations.record(stage, observation).catch((error: unknown) => {
              log.warn({ stage, error: String(error) }, 'Stage duration not recorded');
            });
          },
        }
      : {}),
  };
}
