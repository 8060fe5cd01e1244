/**
 * The wait before the next attempt after `failures` failed ones: exponential from `baseMs`,
 * capped at `maxMs`, with "equal jitter" (between half and all of it) so that receivers coming
 * back are not met by every sender at once. Retries go on until the subscription's retry window
 * has passed since the first failure (see WebhookDispatcher), whatever the jitter drew.
 */
export function retryDelayMs(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
