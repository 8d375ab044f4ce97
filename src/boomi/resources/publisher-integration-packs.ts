/**
 * PublisherIntegrationPack: the pack the package is added to before release (spec steps 5–6).
 * Boomi warns that an update may drop components missing from its body, so adding always sends
 * the full list the pack should hold.
 */
import { equals, everything, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { PublisherIntegrationPack, PublisherIntegrationPackCreateInput } from '../types.ts';
import { getById, idPath, post } from './common.ts';

type Pack = PublisherIntegrationPack;

function updateBody(pack: Pack, operationType: 'ADD' | 'DELETE', componentIds: string[]) {
  return {
    id: pack.id,
    name: pack.name,
    Description: pack.Description ?? '',
    installationType: pack.installationType,
    operationType,
    PublisherPackagedComponents: {
      PublisherPackagedComponent: componentIds.map((componentId) => ({ componentId })),
    },
  };
}

export function publisherIntegrationPacksApi(transport: Transport) {
  const get = (id: string) =>
    getById<Pack>(transport, 'PublisherIntegrationPack', id, SHAPES.PublisherIntegrationPack);
  return {
    create: (input: PublisherIntegrationPackCreateInput) =>
      post<Pack>(
        transport,
        '/PublisherIntegrationPack',
        { name: input.name, Description: input.description ?? '', installationType: input.installationType },
        SHAPES.PublisherIntegrationPack,
      ),
    get,
    /** Every publisher pack of the account, following queryMore (Boomi answers 100 per page). */
    list: (): Promise<Pack[]> =>
      queryAll<Pack>(transport, 'PublisherIntegrationPack', everything(), SHAPES.PublisherIntegrationPack),
    /** Pack names are not unique in Boomi, so every pack with this exact name. */
    async findByName(name: string): Promise<Pack[]> {
      const found = await queryAll<Pack>(
        transport,
        'PublisherIntegrationPack',
        equals('name', name),
        SHAPES.PublisherIntegrationPack,
      );
      return found.filter((pack) => pack.name === name);
    },
    /**
     * Adds components (by componentId) on top of those the pack already holds; each gets its
     * newest shareable package as pending version. Repeating it leaves the same pack. Boomi
     * wants the whole list, so the pack is read first — unless the caller read it moments ago
     * and passes that read as `current`.
     */
    async addComponents(id: string, componentIds: string[], current?: Pack): Promise<Pack> {
      const pack = current ?? (await get(id));
      const held = pack.PublisherPackagedComponents.PublisherPackagedComponent.filter(
        (c) => c.deleted !== true,
      )
        .map((c) => c.componentId)
        .filter((componentId): componentId is string => typeof componentId === 'string');
      const wanted = [...new Set([...held, ...componentIds])];
      return post<Pack>(
        transport,
        idPath('PublisherIntegrationPack', id),
        updateBody(pack, 'ADD', wanted),
        SHAPES.PublisherIntegrationPack,
        true,
      );
    },
    /** Marks one component for removal at the next release. */
    async removeComponent(id: string, componentId: string): Promise<Pack> {
      const pack = await get(id);
      return post<Pack>(
        transport,
        idPath('PublisherIntegrationPack', id),
        updateBody(pack, 'DELETE', [componentId]),
        SHAPES.PublisherIntegrationPack,
      );
    },
  };
}
