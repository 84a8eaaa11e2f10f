import type { ServerDeps } from './deps';

/** The workflow's history in the Temporal Web UI, when there is a UI. */
export function workflowUiUrl(deps: ServerDeps, workflowId: string): string | null {
  if (!deps.temporalUiUrl) return null;
  const base = deps.temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(deps.config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
