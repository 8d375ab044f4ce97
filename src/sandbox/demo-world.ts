// The demo world (`promo sandbox --demo`, `startSandbox({demo: true})`): Acme's primary account with
// main and six promotion branches, three environments, account groups, extensions, existing packages,
// deployments and integration packs, plus dev accounts. Every id is derived from a name, so the same
// world comes back with the same ids after every restart or reset.
import {
  DEMO_ACCOUNT,
  DEMO_CONNECTIONS,
  DEMO_DEV_TEAMS,
  DEMO_ENVIRONMENTS,
  DEMO_EXTENSION_VALUES,
  DEMO_MAIN_BRANCH_NUMBER,
  DEMO_PROCESSES,
  DEMO_READONLY_USER,
  DEMO_RELEASED,
  DEMO_USER,
  type DemoComponent,
  type DemoProcess,
} from './demo-data.ts';
import { randomIds, stableGuid, stableIds } from './ids.ts';
import { applySeed, type SeedComponent, type SeedInput } from './seed.ts';
import type { SandboxState } from './state.ts';

export interface DemoWorld {
  accountId: string;
  accountName: string;
  /** API user name for Basic auth: `BOOMI_TOKEN.<email>`. */
  username: string;
  apiToken: string;
  /** A user that may only read (its writes answer 403). */
  readOnlyUsername: string;
  readOnlyApiToken: string;
  mainBranchId: string;
  environments: { id: string; name: string; classification: 'TEST' | 'PROD' }[];
  accountGroups: { id: string; name: string; environmentIds: string[]; memberAccountIds: string[] }[];
  components: { id: string; name: string; type: string; folderName: string }[];
  packages: {
    packageId: string;
    componentId: string;
    componentName: string;
    packageVersion: string;
    shareable: boolean;
  }[];
  deployments: {
    deploymentId: string;
    environmentId: string;
    packageId: string;
    componentId: string;
    packageVersion: string;
    active: boolean;
  }[];
  integrationPacks: {
    id: string;
    name: string;
    installationType: 'SINGLE' | 'MULTI';
    componentIds: string[];
  }[];
  branches: { id: string; name: string }[];
  promotions: {
    promotionId: string;
    branchId: string;
    branchName: string;
    prodComponentId: string;
    processName: string;
    devAccountId: string;
    devPackageId: string;
    componentsTotal: number;
  }[];
  devAccounts: { devAccountId: string; devAccountName: string; ssoGroupId: string; ssoGroupName: string }[];
  componentMappings: {
    devComponentId: string;
    devAccountId: string;
    prodComponentId: string;
    componentName: string;
    componentType: string;
  }[];
}

const id = (kind: string, key: string): string => stableGuid(`demo/${kind}/${key}`);
const componentId = (key: string): string => id('component', key);
const devComponentId = (team: string, key: string): string => id(`dev/${team}`, key);
const promotionId = (p: DemoProcess): string => id('promotion', p.key);
const branchName = (p: DemoProcess): string => `promo-${promotionId(p)}`;
const teamOf = (p: DemoProcess) => DEMO_DEV_TEAMS.find((t) => t.key === p.team) ?? DEMO_DEV_TEAMS[0]!;
const connectionOf = (p: DemoProcess) => DEMO_CONNECTIONS.find((c) => c.key === p.connection)!;
const ssoGroupId = (name: string): string => id('sso-group', name);

const GROUPS = [
  { key: 'all', name: 'All Accounts', defaultGroup: true, environments: [] as string[] },
  { key: 'qa', name: 'Acme QA Subscribers', defaultGroup: false, environments: ['test', 'test2'] },
  { key: 'prod', name: 'Acme Production Subscribers', defaultGroup: false, environments: ['prod'] },
];
const PACKS = [
  {
    key: 'order-management',
    name: 'Acme Order Management',
    components: [
      ['order-intake', '1.0'],
      ['customer-sync', '1.1'],
    ],
    groups: ['qa'],
  },
  {
    key: 'finance',
    name: 'Acme Finance Integrations',
    components: [['invoice-sync', '1.0']],
    groups: ['prod'],
  },
];

function component(
  c: DemoComponent,
  revisions: SeedComponent['revisions'],
  accountId?: string,
  idOverride?: string,
): SeedComponent {
  const seed: SeedComponent = {
    id: idOverride ?? componentId(c.key),
    name: c.name,
    type: c.type,
    folderName: c.folder,
    revisions,
  };
  if (c.fields) seed.extensibleFields = c.fields;
  if (accountId) seed.accountId = accountId;
  return seed;
}

function primaryComponents(): SeedComponent[] {
  const out: SeedComponent[] = DEMO_CONNECTIONS.map((c) => component(c, [{}]));
  for (const p of DEMO_PROCESSES) {
    const branch = branchName(p);
    for (const part of p.parts) {
      const changed = p.changed.includes(part.key);
      // New processes arrive with their parts on the branch; existing ones change some of them.
      const revisions = p.existing ? (changed ? [{}, { branch }] : [{}]) : [{ branch }];
      out.push(component(part, revisions));
    }
    const processRevisions = p.existing
      ? [{}, ...(p.key === 'customer-sync' ? [{}] : []), { branch }]
      : [{ branch }];
    const process = component(
      { key: p.key, name: p.name, type: 'process', folder: 'Processes' },
      processRevisions,
    );
    process.dependencies = [componentId(p.connection), ...p.parts.map((x) => componentId(x.key))];
    out.push(process);
  }
  return out;
}

/** Each dev team's own copies of what it promoted (and Finance also has a Salesforce connection). */
function devComponents(): SeedComponent[] {
  const out: SeedComponent[] = [];
  const seen = new Set<string>();
  const add = (team: string, accountId: string, c: DemoComponent) => {
    const devId = devComponentId(team, c.key);
    if (seen.has(devId)) return;
    seen.add(devId);
    out.push(component(c, [{}], accountId, devId));
  };
  for (const p of DEMO_PROCESSES) {
    const team = teamOf(p);
    add(team.key, team.accountId, { key: p.key, name: p.name, type: 'process', folder: 'Processes' });
    add(team.key, team.accountId, connectionOf(p));
    for (const part of p.parts) add(team.key, team.accountId, part);
  }
  const finance = DEMO_DEV_TEAMS.find((t) => t.key === 'finance')!;
  add(
    finance.key,
    finance.accountId,
    DEMO_CONNECTIONS.find((c) => c.key === 'sf')!,
  );
  return out;
}

function demoSeed(): SeedInput {
  const primary = DEMO_ACCOUNT.id;
  const devIds = DEMO_DEV_TEAMS.map((t) => t.accountId);
  const admin = { ...DEMO_USER };
  const envId = (key: string) => id('environment', key);
  return {
    accounts: [
      {
        id: primary,
        name: DEMO_ACCOUNT.name,
        // The main branch id `B:<n>` looks like Boomi's; later branches count up from it.
        firstBranchNumber: DEMO_MAIN_BRANCH_NUMBER,
        users: [admin, { ...DEMO_READONLY_USER, readOnly: true }],
      },
      ...DEMO_DEV_TEAMS.map((t) => ({ id: t.accountId, name: t.name, parentId: primary, users: [admin] })),
    ],
    environments: DEMO_ENVIRONMENTS.map((e) => ({
      id: envId(e.key),
      name: e.name,
      classification: e.classification,
    })),
    accountGroups: GROUPS.map((g) => ({
      id: id('account-group', g.key),
      name: g.name,
      defaultGroup: g.defaultGroup,
      memberAccountIds: devIds,
    })),
    branches: DEMO_PROCESSES.map((p) => ({ name: branchName(p) })),
    components: [...primaryComponents(), ...devComponents()],
    packages: [
      ...DEMO_RELEASED.map(([key, version]) => ({
        id: id('package', `${key}/${version}`),
        componentId: componentId(key),
        packageVersion: version,
        // 1.0 packages revision 1, 1.1 revision 2.
        componentVersion: Number(version.split('.')[1] ?? 0) + 1,
        shareable: true,
        notes: 'Released before the demo',
      })),
      ...DEMO_PROCESSES.map((p) => ({
        accountId: teamOf(p).accountId,
        id: id('dev-package', p.key),
        componentId: devComponentId(p.team, p.key),
        packageVersion: '1.0',
        shareable: true,
        notes: `Promoted as ${promotionId(p)}`,
      })),
    ],
    deployments: DEMO_RELEASED.flatMap(([key, version, envs]) =>
      envs.map((env) => ({
        id: id('deployment', `${key}/${version}/${env}`),
        environmentId: envId(env),
        packageId: id('package', `${key}/${version}`),
        notes: 'Deployed before the demo',
      })),
    ),
    integrationPacks: PACKS.map((p) => ({
      id: id('pack', p.key),
      name: p.name,
      Description: `${p.name} (demo)`,
      installationType: 'MULTI' as const,
      components: p.components.map(([key, currentVersion]) => ({
        componentId: componentId(key!),
        currentVersion: currentVersion!,
      })),
      sharedWithAccountGroupIds: p.groups.map((g) => id('account-group', g)),
    })),
    extensions: DEMO_ENVIRONMENTS.map((e) => ({
      environmentId: envId(e.key),
      values: DEMO_EXTENSION_VALUES.filter(([env]) => env === e.key).map(([, key, fieldId, value]) => ({
        componentId: componentId(key),
        fieldId,
        value,
      })),
      dynamicProperties: { ENVIRONMENT_LABEL: e.name },
    })),
  };
}

function mappings(): DemoWorld['componentMappings'] {
  const rows = new Map<string, DemoWorld['componentMappings'][number]>();
  const add = (team: string, accountId: string, c: DemoComponent) =>
    rows.set(`${team}/${c.key}`, {
      devComponentId: devComponentId(team, c.key),
      devAccountId: accountId,
      prodComponentId: componentId(c.key),
      componentName: c.name,
      componentType: c.type,
    });
  for (const p of DEMO_PROCESSES) {
    const team = teamOf(p);
    add(team.key, team.accountId, { key: p.key, name: p.name, type: 'process', folder: 'Processes' });
    add(team.key, team.accountId, connectionOf(p));
    for (const part of p.parts) add(team.key, team.accountId, part);
  }
  const finance = DEMO_DEV_TEAMS.find((t) => t.key === 'finance')!;
  add(
    finance.key,
    finance.accountId,
    DEMO_CONNECTIONS.find((c) => c.key === 'sf')!,
  );
  return [...rows.values()];
}

/** Loads the demo world into an empty state and describes it. */
export function loadDemoWorld(state: SandboxState): DemoWorld {
  state.ids = stableIds('demo');
  try {
    applySeed(state, demoSeed());
  } finally {
    state.ids = randomIds;
  }
  return describeDemo(state);
}

function describeDemo(state: SandboxState): DemoWorld {
  const account = state.accounts.get(DEMO_ACCOUNT.id)!;
  const envId = (key: string) => id('environment', key);
  return {
    accountId: account.id,
    accountName: account.name,
    username: `BOOMI_TOKEN.${DEMO_USER.email}`,
    apiToken: DEMO_USER.apiToken,
    readOnlyUsername: `BOOMI_TOKEN.${DEMO_READONLY_USER.email}`,
    readOnlyApiToken: DEMO_READONLY_USER.apiToken,
    mainBranchId: account.mainBranchId,
    environments: DEMO_ENVIRONMENTS.map((e) => ({
      id: envId(e.key),
      name: e.name,
      classification: e.classification,
    })),
    accountGroups: GROUPS.map((g) => ({
      id: id('account-group', g.key),
      name: g.name,
      environmentIds: g.environments.map(envId),
      memberAccountIds: DEMO_DEV_TEAMS.map((t) => t.accountId),
    })),
    components: [...account.components.values()].map((c) => ({
      id: c.componentId,
      name: account.componentName(c.componentId),
      type: c.type,
      folderName: c.folderName,
    })),
    packages: [...account.packages.values()].map((p) => ({
      packageId: p.packageId,
      componentId: p.componentId,
      componentName: account.componentName(p.componentId),
      packageVersion: p.packageVersion,
      shareable: p.shareable,
    })),
    deployments: [...account.deployments.values()].map((d) => ({
      deploymentId: d.deploymentId,
      environmentId: d.environmentId,
      packageId: d.packageId,
      componentId: d.componentId,
      packageVersion: account.packages.get(d.packageId)?.packageVersion ?? '',
      active: d.active,
    })),
    integrationPacks: [...account.publisherPacks.values()].map((p) => ({
      id: p.id,
      name: p.name,
      installationType: p.installationType,
      componentIds: [...p.components.keys()],
    })),
    branches: account.liveBranches().map((b) => ({ id: b.id, name: b.name })),
    promotions: DEMO_PROCESSES.map((p) => ({
      promotionId: promotionId(p),
      branchId: account.branchByName(branchName(p))!.id,
      branchName: branchName(p),
      prodComponentId: componentId(p.key),
      processName: p.name,
      devAccountId: teamOf(p).accountId,
      devPackageId: id('dev-package', p.key),
      componentsTotal: 2 + p.parts.length,
    })),
    devAccounts: DEMO_DEV_TEAMS.map((t) => ({
      devAccountId: t.accountId,
      devAccountName: t.name,
      ssoGroupId: ssoGroupId(t.ssoGroupName),
      ssoGroupName: t.ssoGroupName,
    })),
    componentMappings: mappings(),
  };
}
