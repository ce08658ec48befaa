// A key-API driver whose listing starts when it is opened, while the manifests are still being read:
// the first observe() takes that listing, any later one lists afresh. Every other call goes straight through,
// whatever methods the driver port gains (a Proxy, not a hand-written list of forwarding methods).
import type { KeyDriver, ObservedRemote } from '../core/ports/key-driver.js';

/** `inner`, with its first listing already under way. */
export function prefetching(inner: KeyDriver): KeyDriver {
  let listing: Promise<ObservedRemote> | undefined = inner.observe();
  // Held for observe(); a listing nobody takes (the manifests were invalid) must not be an unhandled rejection.
  listing.catch(() => undefined);
  const observe = (): Promise<ObservedRemote> => {
    const taken = listing;
    listing = undefined;
    return taken ?? inner.observe();
  };
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'observe') return observe;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run on the driver itself (its private fields are not on the proxy).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
