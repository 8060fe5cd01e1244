import { retryDelayMs } from './retry-schedule.js';

describe('retry schedule', () => {
  it('doubles from the base up to the maximum, with jitter between half and all of it', () => {
    expect(retryDelayMs(1, 5000, 3_600_000, () => 0)).toBe(2500);
    expect(retryDelayMs(1, 5000, 3_600_000, () => 1)).toBe(5000);
    expect(retryDelayMs(4, 5000, 3_600_000, () => 1)).toBe(40_000);
    expect(retryDelayMs(40, 5000, 3_600_000, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(40, 5000, 3_600_000, () => 0)).toBe(1_800_000);
  });

  it('retries about twenty times over the first day with the default settings', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 86_400_000) elapsed += retryDelayMs(++attempts, 5000, 3_600_000, () => 0.5);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(45);
  });
});
