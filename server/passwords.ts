import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { Semaphore } from './semaphore';

/**
 * Each argon2 hash takes ~19 MiB and a core for a while: logins beyond this many at once wait their
 * turn instead of exhausting the CPU and memory (with the login throttle, a bound on what a flood costs).
 */
export const hashSlots = new Semaphore(Math.min(4, Math.max(2, availableParallelism())));

// argon2id with the library's defaults (OWASP-compatible memory and time cost).
export const hashPassword = (password: string) => hashSlots.run(() => hash(password));
export const verifyPassword = (passwordHash: string, password: string) => hashSlots.run(() => verify(passwordHash, password)).catch(() => false);
