/** TanStack Query hooks over the typed client: one per API read and write the console uses. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiError } from './client';
import type { DeployPlan, DeployRequest, NotificationState, PromotionQuery } from './types';

export const keys = {
  me: ['me'] as const,
  promotions: (query: PromotionQuery) => ['promotions', query] as const,
  promotion: (id: string) => ['promotion', id] as const,
  run: (runId: string) => ['run', runId] as const,
};

export function useSignInOptions() {
  return useQuery({
    queryKey: ['sign-in-options'],
    queryFn: () => unwrap(api.GET('/api/v1/sign-in-options')),
    staleTime: Infinity,
  });
}

export function useDemoUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['demo-users'],
    queryFn: () => unwrap(api.GET('/api/v1/sandbox/demo-users')),
    enabled,
  });
}

export function useMe(token: string | null) {
  return useQuery({
    queryKey: [...keys.me, token],
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: token !== null,
    staleTime: Infinity,
    retry: false,
  });
}

export function usePromotions(query: PromotionQuery) {
  return useQuery({
    queryKey: keys.promotions(query),
    queryFn: () => unwrap(api.GET('/api/v1/promotions', { params: { query } })),
  });
}

export function usePromotion(promotionId: string) {
  return useQuery({
    queryKey: keys.promotion(promotionId),
    queryFn: () => unwrap(api.GET('/api/v1/promotions/{promotionId}', { params: { path: { promotionId } } })),
  });
}

export function useRun(runId: string) {
  return useQuery({
    queryKey: keys.run(runId),
    queryFn: () => unwrap(api.GET('/api/v1/deployments/{runId}', { params: { path: { runId } } })),
  });
}

/** The account's environments; with a classification, only those (Boomi's own filter). */
export function useEnvironments(classification?: 'TEST' | 'PROD') {
  return useQuery({
    queryKey: ['environments', classification ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/environments', { params: { query: classification ? { classification } : {} } }),
      ),
    staleTime: 60_000,
  });
}

/** The publisher Integration Packs, the one this process was last released in marked `suggested`. */
export function useIntegrationPacks(prodComponentId: string | null) {
  return useQuery({
    queryKey: ['integration-packs', prodComponentId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/integration-packs', {
          params: { query: prodComponentId ? { prodComponentId } : {} },
        }),
      ),
    staleTime: 60_000,
  });
}

export function useNotifications(state: NotificationState | undefined, cursor?: string) {
  return useQuery({
    queryKey: ['notifications', state, cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/notifications', {
          params: { query: { limit: 50, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
}

export function useAccountGroups() {
  return useQuery({
    queryKey: ['account-groups'],
    queryFn: () => unwrap(api.GET('/api/v1/account-groups')),
    staleTime: 60_000,
  });
}

export function useAudit(filter: { actor?: string; action?: string; targetId?: string }, cursor?: string) {
  return useQuery({
    queryKey: ['audit', filter, cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: { query: { ...filter, limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
}

/** After a decision the promotion and every queue are read again. */
function useRefreshPromotions() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: ['promotions'] });
    await client.invalidateQueries({ queryKey: ['promotion'] });
  };
}

export function usePeerReview(promotionId: string) {
  const refresh = useRefreshPromotions();
  return useMutation<unknown, ApiError, { decision: 'APPROVED' | 'REJECTED'; comments?: string }>({
    mutationFn: (body) =>
      unwrap(
        api.POST('/api/v1/promotions/{promotionId}/peer-review', { params: { path: { promotionId } }, body }),
      ),
    onSuccess: refresh,
  });
}

export function useDeny(promotionId: string) {
  const refresh = useRefreshPromotions();
  return useMutation<unknown, ApiError, { reason: string }>({
    mutationFn: (body) =>
      unwrap(api.POST('/api/v1/promotions/{promotionId}/deny', { params: { path: { promotionId } }, body })),
    onSuccess: refresh,
  });
}

export function useStartDeployment() {
  const refresh = useRefreshPromotions();
  return useMutation<{ runId: string }, ApiError, DeployRequest>({
    mutationFn: (body) =>
      unwrap(api.POST('/api/v1/deployments', { body, headers: { 'idempotency-key': crypto.randomUUID() } })),
    onSuccess: refresh,
  });
}

/** The plan of spec §11: every check of the run, then what it would do; nothing is written. */
export function usePlan() {
  return useMutation<DeployPlan, ApiError, DeployRequest>({
    mutationFn: (body) => unwrap(api.POST('/api/v1/package-and-deploy/plan', { body })),
  });
}

export function useWithdraw(promotionId: string) {
  const refresh = useRefreshPromotions();
  return useMutation<unknown, ApiError, { reason?: string }>({
    mutationFn: (body) =>
      unwrap(
        api.POST('/api/v1/promotions/{promotionId}/withdraw', { params: { path: { promotionId } }, body }),
      ),
    onSuccess: refresh,
  });
}

export function useRollback(runId: string) {
  const refresh = useRefreshPromotions();
  return useMutation<{ runId: string }, ApiError, { reason: string; environmentIds?: string[] }>({
    mutationFn: (body) =>
      unwrap(
        api.POST('/api/v1/deployments/{runId}/rollback', {
          params: { path: { runId } },
          body,
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useRetryNotification() {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, string>({
    mutationFn: (id) => unwrap(api.POST('/api/v1/notifications/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

/** The account's branch count against the seed's limits (GET /status, cached by the service ~30 s). */
export function useAccountStatus() {
  return useQuery({
    queryKey: ['status'],
    queryFn: () => unwrap(api.GET('/api/v1/status')),
    staleTime: 30_000,
  });
}
