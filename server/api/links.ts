// OpenAPI links: from each operation that creates something to the operations that take its id, so a
// client (and schemathesis's stateful phase) can follow a created project, application, user, session or
// token to what can be done with it, instead of guessing ids. Derived from the paths and bodies, not listed.
type Operation = { operationId?: string; responses?: Record<string, { links?: Record<string, unknown> }>; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Schema = { properties?: Record<string, unknown>; allOf?: Schema[] };
type Document = { paths?: Record<string, Record<string, Operation>> };

/** What each create operation's id is called where others take it: a path prefix with `{id}`, and a body field. */
const CREATED: Record<string, { path: string; field?: string }> = {
  createProject: { path: '/api/projects/{id}', field: 'projectId' },
  submitApplication: { path: '/api/participants/{id}', field: 'applicationId' },
  createUser: { path: '/api/users/{id}' },
  createSession: { path: '/api/sessions/{id}' },
  createApiToken: { path: '/api/tokens/{id}' },
};

const hasField = (s: Schema | undefined, field: string): boolean => !!s && (Object.hasOwn(s.properties ?? {}, field) || (s.allOf ?? []).some((x) => hasField(x, field)));

export function withLinks<D>(doc: D): D {
  const paths = (doc as Document).paths ?? {};
  const ops = Object.entries(paths).flatMap(([path, methods]) => Object.values(methods).map((op) => ({ path, op })));
  for (const { op } of ops) {
    const spec = op.operationId ? CREATED[op.operationId] : undefined;
    const created = op.responses?.['201'];
    if (!spec || !created) continue;
    const links: Record<string, unknown> = {};
    for (const { path, op: target } of ops) {
      if (!target.operationId || target === op) continue;
      if (path === spec.path || path.startsWith(`${spec.path}/`)) {
        links[target.operationId] = { operationId: target.operationId, parameters: { 'path.id': '$response.body#/id' } };
      } else if (spec.field && hasField(target.requestBody?.content?.['application/json']?.schema, spec.field)) {
        links[target.operationId] = { operationId: target.operationId, requestBody: { [spec.field]: '$response.body#/id' } };
      }
    }
    if (Object.keys(links).length) created.links = links;
  }
  return doc;
}
