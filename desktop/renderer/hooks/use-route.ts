import { createElement, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { Store } from '../lib/store.js';
import { useStore } from './use-store.js';

/** The current path (with query), following history navigation. */
const path = new Store(location.pathname + location.search);
addEventListener('popstate', () => path.set(location.pathname + location.search));

/** Goes to an in-app path without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === path.get()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  path.set(to);
}

/** The current path; re-renders on navigation. */
export function usePath(): string {
  return useStore(path);
}

/** An in-app link: a real href (open in new tab works) that navigates without a reload. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  return createElement('a', {
    ...rest,
    href: to,
    onClick: (e: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(e);
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(to);
    },
  });
}
