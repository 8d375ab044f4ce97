// The demo world's content as plain data: an account "Acme", three dev teams, six promotions of a
// root process each with its dependencies. demo-world.ts turns it into a seed and a description.
import type { ComponentType, ExtensibleField } from './model.ts';

export const DEMO_ACCOUNT = { id: 'acme-K7Q2XP', name: 'Acme Corp (sandbox demo)' };
export const DEMO_USER = { email: 'admin@acme.example', apiToken: 'demo-token-acme-7f3c2b19' };
export const DEMO_READONLY_USER = { email: 'auditor@acme.example', apiToken: 'demo-token-auditor-41d8e0aa' };
/** Number in the main branch id `B:<n>` (ids then look like Boomi's, e.g. `QjoyMDI1OTg`). */
export const DEMO_MAIN_BRANCH_NUMBER = 202598;

export interface DemoDevTeam {
  key: string;
  accountId: string;
  name: string;
  ssoGroupName: string;
}

export const DEMO_DEV_TEAMS: DemoDevTeam[] = [
  {
    key: 'orders',
    accountId: 'acme-dev-orders-3KD9QA',
    name: 'Acme Dev - Orders Team',
    ssoGroupName: 'ABC_BOOMI_FLOW_DEVTEAMA',
  },
  {
    key: 'finance',
    accountId: 'acme-dev-finance-8WX2PL',
    name: 'Acme Dev - Finance Team',
    ssoGroupName: 'ABC_BOOMI_FLOW_DEVTEAMB',
  },
  {
    key: 'logistics',
    accountId: 'acme-dev-logistics-5TR7MN',
    name: 'Acme Dev - Logistics Team',
    ssoGroupName: 'ABC_BOOMI_FLOW_DEVTEAMC',
  },
];

export const DEMO_ENVIRONMENTS = [
  { key: 'test', name: 'Test', classification: 'TEST' as const },
  { key: 'test2', name: 'Test 2', classification: 'TEST' as const },
  { key: 'prod', name: 'Production', classification: 'PROD' as const },
];

export interface DemoComponent {
  key: string;
  name: string;
  type: ComponentType;
  folder: string;
  fields?: ExtensibleField[];
}

const secret = (id: string): ExtensibleField => ({ id, usesEncryption: true });

/** Shared components: connections are never promoted; admins map dev connections onto them. */
export const DEMO_CONNECTIONS: DemoComponent[] = [
  {
    key: 'sf',
    name: 'Salesforce Connection',
    type: 'connector-settings',
    folder: '#Connections',
    fields: [{ id: 'url', defaultValue: 'https://login.salesforce.com' }, { id: 'user' }, secret('password')],
  },
  {
    key: 'ns',
    name: 'NetSuite Connection',
    type: 'connector-settings',
    folder: '#Connections',
    fields: [{ id: 'accountId' }, secret('consumerKey'), secret('tokenSecret')],
  },
  {
    key: 'sftp',
    name: 'Partner SFTP Connection',
    type: 'connector-settings',
    folder: '#Connections',
    fields: [{ id: 'host' }, { id: 'port', defaultValue: '22' }, { id: 'user' }, secret('password')],
  },
  {
    key: 'db',
    name: 'Payments DB Connection',
    type: 'connector-settings',
    folder: '#Connections',
    fields: [
      { id: 'host' },
      { id: 'database', defaultValue: 'payments' },
      { id: 'user' },
      secret('password'),
    ],
  },
];

export interface DemoProcess {
  key: string;
  name: string;
  team: string;
  connection: string;
  /** Dependencies other than the connection. */
  parts: DemoComponent[];
  /** Parts (by key) the promotion branch changed, besides the process itself. */
  changed: string[];
  /** Already on main and packaged before the promotion (false: the promotion adds it). */
  existing: boolean;
}

const op = (key: string, name: string, fields: string[]): DemoComponent => ({
  key,
  name,
  type: 'connector-action',
  folder: 'Operations',
  fields: fields.map((id) => ({ id })),
});
const props = (key: string, name: string, keys: [string, string][]): DemoComponent => ({
  key,
  name,
  type: 'processproperty',
  folder: 'Properties',
  fields: keys.map(([id, defaultValue]) => ({ id, label: id, defaultValue })),
});
const part = (key: string, name: string, type: ComponentType): DemoComponent => ({
  key,
  name,
  type,
  folder: 'Maps and Profiles',
});

export const DEMO_PROCESSES: DemoProcess[] = [
  {
    key: 'order-intake',
    name: 'Order Intake',
    team: 'orders',
    connection: 'sf',
    parts: [
      op('op-sf-orders', 'SF Query New Orders', ['batchSize']),
      props('pp-orders', 'Order Intake Properties', [
        ['orderSource', 'WEB'],
        ['maxBatch', '200'],
      ]),
      part('map-order', 'Order to ERP Map', 'transform.map'),
      part('prof-order', 'Order JSON Profile', 'profile.json'),
    ],
    changed: ['map-order', 'pp-orders'],
    existing: true,
  },
  {
    key: 'invoice-sync',
    name: 'Invoice Sync',
    team: 'finance',
    connection: 'ns',
    parts: [
      op('op-ns-invoice', 'NS Upsert Invoice', ['recordType']),
      part('map-invoice', 'Invoice Map', 'transform.map'),
      part('prof-invoice', 'Invoice XML Profile', 'profile.xml'),
    ],
    changed: ['map-invoice'],
    existing: true,
  },
  {
    key: 'customer-sync',
    name: 'Customer Master Sync',
    team: 'orders',
    connection: 'sf',
    parts: [
      op('op-sf-account', 'SF Upsert Account', ['externalIdField']),
      props('pp-customer', 'Customer Sync Properties', [['syncWindowHours', '24']]),
    ],
    changed: ['op-sf-account'],
    existing: true,
  },
  {
    key: 'shipment-notify',
    name: 'Shipment Notifications',
    team: 'logistics',
    connection: 'sftp',
    parts: [
      op('op-sftp-put', 'SFTP Put Shipment File', ['remoteDirectory']),
      props('pp-shipment', 'Shipment Properties', [['carrier', 'UPS']]),
    ],
    changed: ['op-sftp-put', 'pp-shipment'],
    existing: false,
  },
  {
    key: 'payment-recon',
    name: 'Payment Reconciliation',
    team: 'finance',
    connection: 'db',
    parts: [
      op('op-db-payments', 'DB Select Payments', ['query']),
      part('map-payment', 'Payment Map', 'transform.map'),
    ],
    changed: ['op-db-payments', 'map-payment'],
    existing: false,
  },
  {
    key: 'inventory-feed',
    name: 'Inventory Feed',
    team: 'logistics',
    connection: 'sftp',
    parts: [
      op('op-sftp-get', 'SFTP Get Inventory', ['remoteDirectory']),
      part('prof-inventory', 'Inventory CSV Profile', 'profile.flatfile'),
    ],
    changed: ['op-sftp-get', 'prof-inventory'],
    existing: false,
  },
];

/** Existing packages (on main) and where they are deployed: [process key, version, environment keys]. */
export const DEMO_RELEASED: [string, string, string[]][] = [
  ['order-intake', '1.0', ['test', 'test2', 'prod']],
  ['invoice-sync', '1.0', ['test', 'prod']],
  ['customer-sync', '1.0', ['prod']],
  ['customer-sync', '1.1', ['test']],
];

/** Extension values per environment: [environment key, component key, field id, value]. */
export const DEMO_EXTENSION_VALUES: [string, string, string, string][] = [
  ['test', 'sf', 'url', 'https://acme--test.sandbox.my.salesforce.example'],
  ['test', 'sf', 'user', 'integration@acme.example.test'],
  ['test', 'sf', 'password', 'test-secret'],
  ['test', 'ns', 'accountId', 'ACME_SB1'],
  ['test', 'pp-orders', 'maxBatch', '50'],
  ['test2', 'sf', 'url', 'https://acme--test2.sandbox.my.salesforce.example'],
  ['test2', 'sf', 'user', 'integration@acme.example.test2'],
  ['prod', 'sf', 'user', 'integration@acme.example'],
  ['prod', 'sf', 'password', 'prod-secret'],
  ['prod', 'ns', 'accountId', 'ACME'],
  ['prod', 'ns', 'consumerKey', 'prod-key'],
  ['prod', 'pp-customer', 'syncWindowHours', '6'],
];
