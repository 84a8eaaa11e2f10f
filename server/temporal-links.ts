import { can } from '../domain/permissions';
import type { Role } from '../domain/types';
import type { ServerDeps } from './deps';

/**
 * The workflow's history in the Temporal Web UI, when there is a UI and the role is an operator's (the
 * UI opens histories through the codec endpoints, server/panel/codec.ts); others read the panel's timeline.
 */
export function workflowUiUrl(deps: ServerDeps, role: Role, workflowId: string): string | null {
  if (!deps.temporalUiUrl || !can(role, 'useTemporalCodec')) return null;
  const base = deps.temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(deps.config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
