/** The audit log as admins read it. */
import { Type } from 'typebox';
import { PageQuerySchema, pageOf } from './common.ts';

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()], {
    description: 'The OIDC subject of the caller’s token',
  }),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String({ description: 'SUCCESS, REFUSED:<errorCode> or FAILED:<errorCode>' }),
  detail: Type.Unknown(),
});

export const AuditQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

export const AuditPageSchema = pageOf(AuditEntrySchema);
