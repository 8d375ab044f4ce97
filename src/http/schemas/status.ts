/** `GET /status` and the `/readyz` detail: the account's branch count against the seed's limits. */
import { Type } from 'typebox';

export const BranchCountSchema = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'Live branches of the account, main included' }),
  warningAt: Type.Integer({ description: 'Operational threshold (seed): 15' }),
  criticalAt: Type.Integer({ description: 'Hard limit (seed): 20' }),
  level: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('critical')]),
  readAt: Type.String({ format: 'date-time', description: 'When Boomi was asked (cached up to ~30 s)' }),
});

export const StatusSchema = Type.Object({ branches: BranchCountSchema });
