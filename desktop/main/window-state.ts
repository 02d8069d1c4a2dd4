import { MIN_WINDOW, type WindowBounds, type WindowState } from './settings.js';

/** A display's usable area (Electron's `screen.getAllDisplays()[i].workArea`). */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1100, height: 740 } as const;

/** How much of a window must stay on some display for its saved position to be reused. */
const MIN_VISIBLE = 120;

function overlap(a: Area, b: Area): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where to open the window: the saved bounds when a usable part of them is on a connected
 * display (monitors get unplugged), else the default size centred on the primary display.
 * Sizes are clamped to that display.
 */
export function initialBounds(saved: WindowState, displays: Area[]): Partial<WindowBounds> & { width: number; height: number } {
  const primary = displays[0];
  const bounds = saved.bounds;
  if (bounds) {
    const host = displays.find((d) => {
      const o = overlap(bounds, d);
      return o.width >= MIN_VISIBLE && o.height >= MIN_VISIBLE;
    });
    if (host) {
      return { x: bounds.x, y: bounds.y, width: Math.min(bounds.width, host.width), height: Math.min(bounds.height, host.height) };
    }
  }
  if (!primary) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN_WINDOW.width, Math.min(DEFAULT_SIZE.width, primary.width));
  const height = Math.max(MIN_WINDOW.height, Math.min(DEFAULT_SIZE.height, primary.height));
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height };
}

/** The state to save for a window's current (normal, un-maximized) bounds; null when they are unusable. */
export function stateToSave(normalBounds: Area, maximized: boolean): WindowState | null {
  const rounded = {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
  };
  if (rounded.width < MIN_WINDOW.width || rounded.height < MIN_WINDOW.height) return null;
  return { bounds: rounded, maximized };
}

/** Calls `fn` once `ms` after the last of a burst of calls (move/resize fire many events). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = () => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) fn(...args);
  };
  const debounced = (...args: A) => {
    pending = args;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  return Object.assign(debounced, {
    flush: () => {
      if (timer) clearTimeout(timer);
      run();
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  });
}
