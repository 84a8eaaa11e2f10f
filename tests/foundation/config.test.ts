import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/config';

describe('configuration', () => {
  it('starts with embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.temporal.address).toBeUndefined();
    expect(c.temporal.taskQueue).toBe('sciezka');
    expect(c.dataDir).toMatch(/data$/);
  });

  it('switches to external services by variables', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://x@db/app', TEMPORAL_ADDRESS: 'temporal:7233', PORT: '8080' });
    expect(c.databaseUrl).toBe('postgres://x@db/app');
    expect(c.temporal.address).toBe('temporal:7233');
    expect(c.port).toBe(8080);
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
