/** The seed's step names as people read them; a step id keeps its seed number ("2.5", "8"). */
const LABELS: Record<string, string> = {
  '2.5-merge-create': 'Create the merge request (branch → main)',
  '2.6-merge-execute': 'Merge the branch into main',
  '3-packaged-component': 'Create the PackagedComponent',
  '5-create-pack': 'Create the Integration Pack',
  '6-use-existing-pack': 'Use the existing Integration Pack',
  '6-add-to-pack': 'Add the PackagedComponent to the pack',
  '7-release': 'Release the Integration Pack',
  '7-share-with-account-group': 'Share the pack with the account group',
  '8-previous-deployments': 'Record what is deployed now (for a rollback)',
  '8-deploy': 'Deploy to environment',
  '8.3-cache-refresh': 'Refresh the extension-access cache',
  '8.5-keep-branch': 'Keep the branch (TEST)',
  '8.6-delete-branch': 'Delete the branch',
  '9-update-promotion-log': 'Update the PromotionLog',
  '10-return-response': 'Answer',
  rollback: 'Roll back environment',
  'rollback-update-promotion-log': 'Record the rollback in the PromotionLog',
  'rollback-return-response': 'Answer',
};

/** "8-deploy:env-1" → { number: "8", label: "Deploy to environment", detail: "env-1" }. */
export function describeStep(name: string): { number: string; label: string; detail: string | null } {
  const [id = name, detail = null] = name.split(/:(.*)/s);
  // Rollback steps carry no seed number: they are marked ↺.
  const number = /^[\d.]+/.exec(id)?.[0] ?? '↺';
  return { number, label: LABELS[id] ?? id.replace(/^[\d.]+-/, '').replace(/-/g, ' '), detail };
}

/** "GET /MergeRequest" ×3 in a row (polls, retries) reads as one line with its count. */
export function groupCalls(calls: readonly string[]): { call: string; count: number }[] {
  const groups: { call: string; count: number }[] = [];
  for (const call of calls) {
    const last = groups.at(-1);
    if (last && last.call === call) last.count += 1;
    else groups.push({ call, count: 1 });
  }
  return groups;
}
