/**
 * Which fields of each Boomi object are booleans, integers, lists or containers, taken from
 * the official schemas. `normalise(body, SHAPES.X)` turns an example-style answer into the
 * schema's types (see normalise.ts for why).
 */
import { SCALAR, type Shape } from './normalise.ts';

const branch: Shape = { booleans: ['ready', 'deleted'] };

const mergeRequestDetail: Shape = {
  booleans: ['conflict', 'excluded', 'lockedOnDestinationBranch'],
  integers: ['sourceRevision', 'destinationRevision', 'mergeRevision'],
};

const mergeRequest: Shape = {
  integers: ['lockNonce'],
  objects: { MergeRequestDetails: { lists: { MergeRequestDetail: mergeRequestDetail } } },
};

const packagedComponent: Shape = {
  booleans: ['shareable', 'deleted', 'fullyPubliclyConsumable'],
  integers: ['componentVersion'],
};

const publisherIntegrationPack: Shape = {
  objects: {
    PublisherPackagedComponents: {
      lists: { PublisherPackagedComponent: { booleans: ['deleted'] } },
    },
  },
};

const releasePackagedComponents: Shape = { lists: { ReleasePackagedComponent: SCALAR } };

const releaseIntegrationPack: Shape = { objects: { ReleasePackagedComponents: releasePackagedComponents } };

const releaseIntegrationPackStatus: Shape = {
  integers: ['responseStatusCode'],
  objects: { ReleasePackagedComponents: releasePackagedComponents },
};

const deployedPackage: Shape = { booleans: ['active'], integers: ['version', 'componentVersion'] };

const accountGroup: Shape = {
  booleans: ['defaultGroup'],
  objects: { Resources: { lists: { Resource: SCALAR } } },
};

const field: Shape = {
  booleans: ['useDefault', 'usesEncryption', 'encryptedValueSet', 'componentOverride'],
};
const fieldHolder: Shape = { lists: { field } };

const environmentExtensions: Shape = {
  booleans: ['partial'],
  objects: {
    connections: { lists: { connection: fieldHolder } },
    operations: { lists: { operation: fieldHolder } },
    tradingPartners: { lists: { tradingPartner: { lists: { category: fieldHolder } } } },
    sharedCommunications: { lists: { sharedCommunication: fieldHolder } },
    crossReferences: {
      lists: {
        crossReference: {
          booleans: ['overrideValues'],
          objects: { CrossReferenceRows: { lists: { row: SCALAR } } },
        },
      },
    },
    properties: { lists: { property: SCALAR } },
    processProperties: {
      lists: {
        ProcessProperty: {
          lists: {
            ProcessPropertyValue: {
              booleans: [
                'useDefault',
                'usesEncryption',
                'encryptedValueSet',
                'componentOverride',
                'validate',
              ],
            },
          },
        },
      },
    },
    PGPCertificates: { lists: { PGPCertificate: { booleans: ['useDefault'] } } },
  },
};

export const SHAPES = {
  Branch: branch,
  MergeRequest: mergeRequest,
  PackagedComponent: packagedComponent,
  PublisherIntegrationPack: publisherIntegrationPack,
  IntegrationPack: SCALAR,
  ReleaseIntegrationPack: releaseIntegrationPack,
  ReleaseIntegrationPackStatus: releaseIntegrationPackStatus,
  DeployedPackage: deployedPackage,
  Environment: SCALAR,
  AccountGroup: accountGroup,
  AccountGroupIntegrationPack: SCALAR,
  EnvironmentExtensions: environmentExtensions,
} as const satisfies Record<string, Shape>;

/** The QueryResult wrapper around a list of `item`. */
export function queryResultShape(item: Shape): Shape {
  return { integers: ['numberOfResults'], lists: { result: item } };
}
