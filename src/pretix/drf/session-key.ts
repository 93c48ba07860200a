import { randomBytes } from 'node:crypto';

/** A Django session key: 32 characters of [a-z0-9]. */
export function newSessionKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}
