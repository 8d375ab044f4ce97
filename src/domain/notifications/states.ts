/** Where a notification and each of its deliveries stand. */
export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'failed', 'kept'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A notification's state over its deliveries (`pending` until the worker has planned them). */
export const NOTIFICATION_STATES = ['pending', 'delivered', 'failed', 'kept', 'no-recipients'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];
