import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';

describe('analytics read configuration', () => {
  it('keeps the columnar index on with 20 M rows and a 1 s staleness window unless configured', () => {
    const config = loadConfig({});
    expect(config.analyticsIndex).toEqual({ enabled: true, maxRows: 20_000_000 });
    expect(config.analyticsStalenessMs).toBe(1_000);
  });

  it('turns the index off with off, false, 0 or no in any casing, and reads its row budget', () => {
    for (const off of ['off', 'OFF', 'False', '0', 'no'])
      expect(loadConfig({ NORTHSTAR_ANALYTICS_INDEX: off }).analyticsIndex.enabled).toBe(false);
    expect(loadConfig({ NORTHSTAR_ANALYTICS_INDEX: 'On' }).analyticsIndex.enabled).toBe(true);
    expect(loadConfig({ NORTHSTAR_ANALYTICS_INDEX_ROWS: '5000000' }).analyticsIndex.maxRows).toBe(5_000_000);
  });

  it('bounds the comment indexes in bytes: 1 GiB unless NORTHSTAR_COMMENT_INDEX_MB says otherwise', () => {
    expect(loadConfig({}).commentIndexBytes).toBe(1_073_741_824);
    expect(loadConfig({ NORTHSTAR_COMMENT_INDEX_MB: '300' }).commentIndexBytes).toBe(314_572_800);
    expect(() => loadConfig({ NORTHSTAR_COMMENT_INDEX_MB: '1.5' })).toThrow(/NORTHSTAR_COMMENT_INDEX_MB:/);
    expect(() => loadConfig({ NORTHSTAR_COMMENT_INDEX_MB: '-1' })).toThrow(/NORTHSTAR_COMMENT_INDEX_MB:/);
  });

  it('warms the indexes at start unless NODE_ENV is test or NORTHSTAR_ANALYTICS_INDEX_WARM says otherwise', () => {
    expect(loadConfig({}).analyticsIndexWarm).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).analyticsIndexWarm).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', NORTHSTAR_ANALYTICS_INDEX_WARM: 'ON' }).analyticsIndexWarm).toBe(
      true,
    );
    expect(loadConfig({ NORTHSTAR_ANALYTICS_INDEX_WARM: 'off' }).analyticsIndexWarm).toBe(false);
    expect(() => loadConfig({ NORTHSTAR_ANALYTICS_INDEX_WARM: 'later' })).toThrow(
      /NORTHSTAR_ANALYTICS_INDEX_WARM:/,
    );
  });

  it('refuses a value it cannot read, naming the variable, rather than guessing', () => {
    expect(() => loadConfig({ NORTHSTAR_ANALYTICS_INDEX: 'maybe' })).toThrow(/NORTHSTAR_ANALYTICS_INDEX:/);
    expect(() => loadConfig({ NORTHSTAR_ANALYTICS_INDEX_ROWS: 'lots' })).toThrow(
      /NORTHSTAR_ANALYTICS_INDEX_ROWS:/,
    );
    expect(() => loadConfig({ NORTHSTAR_ANALYTICS_INDEX_ROWS: '-1' })).toThrow(
      /NORTHSTAR_ANALYTICS_INDEX_ROWS:/,
    );
    expect(() => loadConfig({ NORTHSTAR_ANALYTICS_STALENESS_MS: '60000' })).toThrow(
      /NORTHSTAR_ANALYTICS_STALENESS_MS:/,
    );
  });
});
