import { describe, expect, it } from 'vitest';
import { requestStarted, requestsInFlight, yieldToRequests } from './yield.js';

describe('yieldToRequests', () => {
  it('passes at once when no request is in flight', async () => {
    expect(requestsInFlight()).toBe(0);
    expect(await yieldToRequests({ maxWaitMs: 200 })).toBeLessThan(100);
  });

  it('waits while a request is in flight and goes on when it ends', async () => {
    const end = requestStarted();
    expect(requestsInFlight()).toBe(1);
    setTimeout(end, 60);
    const waited = await yieldToRequests({ maxWaitMs: 5_000, stepMs: 5 });
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(waited).toBeLessThan(5_000);
    expect(requestsInFlight()).toBe(0);
  });

  it('never waits past its bound, however busy the server', async () => {
    const end = requestStarted();
    try {
      const waited = await yieldToRequests({ maxWaitMs: 40, stepMs: 5 });
      expect(waited).toBeGreaterThanOrEqual(40);
      expect(waited).toBeLessThan(2_000);
    } finally {
      end();
      end(); // ending twice counts once
    }
    expect(requestsInFlight()).toBe(0);
  });
});
