/**
 * Boomi being down or refusing a read is the service's trouble, not the caller's: it answers
 * 503 SERVICE_UNAVAILABLE with the client's (secret-free) message.
 */
import { isBoomiRequestError } from '../boomi/index.ts';
import { PromoError } from '../domain/errors.ts';

export async function fromBoomi<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isBoomiRequestError(error)) {
      throw new PromoError('SERVICE_UNAVAILABLE', `Boomi could not answer: ${error.message}`);
    }
    throw error;
  }
}
