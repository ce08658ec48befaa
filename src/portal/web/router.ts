// The portal's page addresses (paths without a file extension; the server answers index.html for them).
// Never puts a secret or a token in a path or query; the set-password token stays in the fragment.
import { useEffect, useState } from 'preact/hooks';

export const PATHS = {
  signIn: '/sign-in',
  setPassword: '/set-password',
  myKeys: '/keys',
  serviceKeys: '/service-keys',
  serviceUsers: '/service-users',
  notifications: '/notifications',
  access: '/access',
  audit: '/audit',
  apiAccess: '/api-access',
} as const;

const CHANGE = 'keyward:navigate';

/** Moves to `path` without reloading. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current path, re-rendering on back/forward and on navigate(). */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return path;
}

/** An onClick for same-origin links: navigates in place unless a modifier asks for a new tab. */
export function linkHandler(path: string): (event: MouseEvent) => void {
  return (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(path);
  };
}
