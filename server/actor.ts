import type { TokenScope } from '../db/schema';
import type { Role } from '../domain/types';
import type { Locale } from '../i18n';

/** Who is acting: a logged-in user (session) or an API client (token). Passed to every service. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  mustChangePassword: boolean;
  via: 'session' | 'token';
  /** The scope of the API token (via 'token'). */
  tokenScope?: TokenScope;
  ip: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
  }
}

/** The least a service needs of the actor: the role to check, the id to record, the address for the audit row. */
export type ServiceActor = Pick<Actor, 'id' | 'role'> & { ip?: string };

/** Which adapter an action came through (recorded in its audit row). */
export type Via = 'panel' | 'api';
