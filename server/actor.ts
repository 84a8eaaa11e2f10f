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
  ip: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
  }
}
