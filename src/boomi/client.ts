/**
 * createBoomiClient(): the transport with its plugins (retry → limiter → events → auth, outermost
 * first, so every retry waits for a limiter slot and reports its own event) and one small module
 * per Boomi object on top.
 */
import { InMemoryRateLimiter } from './limiter/in-memory.ts';
import { DEFAULT_RATE_PER_SECOND } from './limiter/rate-limiter.ts';
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, validateOptions, type BoomiClientOptions } from './options.ts';
import { authPlugin } from './plugins/auth.ts';
import { eventsPlugin } from './plugins/events.ts';
import { limiterPlugin } from './plugins/limiter.ts';
import { DEFAULT_RETRY_POLICY, retryPlugin } from './plugins/retry.ts';
import { accountGroupIntegrationPacksApi, accountGroupsApi } from './resources/account-groups.ts';
import { branchesApi } from './resources/branches.ts';
import { deployedPackagesApi } from './resources/deployed-packages.ts';
import { environmentExtensionsApi } from './resources/environment-extensions.ts';
import { environmentsApi } from './resources/environments.ts';
import { integrationPacksApi } from './resources/integration-packs.ts';
import { mergeRequestsApi } from './resources/merge-requests.ts';
import { packagedComponentsApi } from './resources/packaged-components.ts';
import { publisherIntegrationPacksApi } from './resources/publisher-integration-packs.ts';
import { releasesApi } from './resources/releases.ts';
import { realTime, type TimeBase } from './time.ts';
import { createTransport, type Transport, type TransportPlugin } from './transport.ts';

export function createBoomiClient(options: BoomiClientOptions) {
  validateOptions(options);
  const time: TimeBase = {
    now: options.now ?? realTime.now,
    sleep: options.sleep ?? realTime.sleep,
    random: options.random ?? realTime.random,
  };
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const limiter =
    options.limiter ??
    new InMemoryRateLimiter({ perSecond: options.rateLimitPerSecond ?? DEFAULT_RATE_PER_SECOND, time });

  const plugins: TransportPlugin[] = [];
  if (retry.enabled) plugins.push(retryPlugin(retry, time));
  if (limiter) plugins.push(limiterPlugin(limiter, options.limiterKey ?? options.accountId));
  if (options.onCall) plugins.push(eventsPlugin(options.onCall, time));
  plugins.push(authPlugin({ username: options.username, apiToken: options.apiToken }));

  const transport: Transport = createTransport({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    accountId: options.accountId,
    overrideAccount: options.overrideAccount,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dispatcher: options.dispatcher,
    plugins,
  });

  return {
    accountId: options.accountId,
    /** The raw transport, for calls no module covers yet (still limited, retried, reported). */
    transport,
    branches: branchesApi(transport, time),
    mergeRequests: mergeRequestsApi(transport, time),
    packagedComponents: packagedComponentsApi(transport),
    publisherIntegrationPacks: publisherIntegrationPacksApi(transport),
    integrationPacks: integrationPacksApi(transport),
    releases: releasesApi(transport, time),
    deployedPackages: deployedPackagesApi(transport),
    environments: environmentsApi(transport),
    accountGroups: accountGroupsApi(transport),
    accountGroupIntegrationPacks: accountGroupIntegrationPacksApi(transport),
    environmentExtensions: environmentExtensionsApi(transport),
  };
}

export type BoomiClient = ReturnType<typeof createBoomiClient>;
