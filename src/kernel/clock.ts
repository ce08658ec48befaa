// The Clock seam: every piece of keyward that asks "what time is it" asks an injected Clock.
// Nothing in the core or the key service may call Date.now() directly.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const DAY_MS = 86_400_000;
