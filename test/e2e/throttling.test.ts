import { describe, expect, it } from 'vitest';
import { api, unavailable } from './support/conveyor-client.js';

describe.skipIf(unavailable() !== '')('usage plan throttling', () => {
  it('answers a burst beyond the usage plan with 429 and a JSON error, then recovers', async () => {
    // The stack's default plan allows 100 requests/s with a burst of 200. Invalid bodies keep the
    // flood from enqueuing anything: throttling comes before validation, as on API Gateway.
    const flood = await Promise.all(Array.from({ length: 300 }, () => api('messages', { body: '{}' })));
    const throttled = flood.filter((response) => response.status === 429);

    expect(throttled.length).toBeGreaterThan(0);
    expect(flood.every((response) => response.status === 429 || response.status === 400)).toBe(true);
    expect(throttled[0]?.json).toEqual({ error: expect.objectContaining({ code: 'THROTTLED', message: expect.any(String) }) });

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await api('messages', { body: '{}' })).status).toBe(400);
  });
});
