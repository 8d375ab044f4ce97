/** Valid request bodies shared by the HTTP tests. */
export function deployBody(promotionId = 'P-1', extra: Record<string, unknown> = {}) {
  return {
    promotionId,
    packageVersion: '1.0.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: 'Orders - TEST',
    ...extra,
  };
}

export function registrationBody(
  accountId: string,
  promotionId = 'P-1',
  extra: Record<string, unknown> = {},
) {
  return {
    promotionId,
    devAccountId: 'dev-account-1',
    prodAccountId: accountId,
    devPackageId: 'dev-pkg-1',
    status: 'COMPLETED',
    prodComponentId: 'comp-1',
    branchId: 'branch-1',
    branchName: `promo-${promotionId}`,
    processName: 'Orders',
    ...extra,
  };
}
