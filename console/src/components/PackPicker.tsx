/**
 * The integration pack of a deployment: one of the account's publisher packs (`GET
 * /integration-packs`, the one this process was last released in marked and preselected), or a
 * new pack with its name and description.
 */
import type { IntegrationPack } from '../api/types';
import type { DeployFormValues } from '../deploy-form';

export const NEW_PACK = '__new__';

interface Props {
  values: DeployFormValues;
  update: (patch: Partial<DeployFormValues>) => void;
  packs: IntegrationPack[];
  loading: boolean;
}

function optionLabel(pack: IntegrationPack): string {
  const version = pack.latestReleasedVersion ? `v${pack.latestReleasedVersion}` : 'not released';
  return `${pack.name ?? pack.id} (${version})${pack.suggested ? ' — suggested' : ''}`;
}

export function PackPicker({ values, update, packs, loading }: Props) {
  const chosen = values.newPack ? NEW_PACK : values.integrationPackId;
  const suggested = packs.find((pack) => pack.suggested);
  return (
    <fieldset>
      <legend>Integration pack</legend>
      <label htmlFor="pack">Pack</label>
      <select
        id="pack"
        value={chosen}
        onChange={(event) =>
          event.target.value === NEW_PACK
            ? update({ newPack: true })
            : update({ newPack: false, integrationPackId: event.target.value })
        }
      >
        <option value="">{loading ? 'Loading packs…' : '— choose a pack —'}</option>
        {packs.map((pack) => (
          <option key={pack.id} value={pack.id}>
            {optionLabel(pack)}
          </option>
        ))}
        <option value={NEW_PACK}>Create a new pack…</option>
      </select>
      <p className="hint">
        {suggested
          ? `Suggested: ${suggested.name ?? suggested.id}, the pack this process was last released in.`
          : 'No suggestion: this process was never released by this service.'}
      </p>
      {values.newPack && (
        <>
          <label htmlFor="new-pack-name">New pack name</label>
          <input
            id="new-pack-name"
            maxLength={100}
            value={values.newPackName}
            onChange={(e) => update({ newPackName: e.target.value })}
          />
          <label htmlFor="new-pack-description">Description (optional)</label>
          <input
            id="new-pack-description"
            maxLength={500}
            value={values.newPackDescription}
            onChange={(e) => update({ newPackDescription: e.target.value })}
          />
        </>
      )}
    </fieldset>
  );
}
