import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, DEFAULT_SIZE, initialBounds, stateToSave } from '../../desktop/main/window-state.js';

const primary = { x: 0, y: 0, width: 1920, height: 1080 };
const second = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window state', () => {
  it('reopens where it was when that is still on a display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 900, height: 700 }, maximized: false };
    expect(initialBounds(saved, [primary, second])).toEqual({ x: 2000, y: 100, width: 900, height: 700 });
  });

  it('recentres on the primary display when the saved display is gone', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 900, height: 700 }, maximized: false };
    expect(initialBounds(saved, [primary])).toEqual({ x: (1920 - DEFAULT_SIZE.width) / 2, y: (1080 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE });
  });

  it('clamps a window larger than its display, and opens at the default size the first time', () => {
    const saved = { bounds: { x: 0, y: 0, width: 4000, height: 3000 }, maximized: false };
    expect(initialBounds(saved, [primary])).toMatchObject({ width: 1920, height: 1080 });
    expect(initialBounds({ bounds: null, maximized: false }, [primary])).toMatchObject(DEFAULT_SIZE);
    expect(initialBounds({ bounds: null, maximized: false }, [])).toEqual(DEFAULT_SIZE);
  });

  it('saves rounded normal bounds, never a too-small window', () => {
    expect(stateToSave({ x: 1.4, y: 2.6, width: 900.2, height: 700.7 }, true)).toEqual({ bounds: { x: 1, y: 3, width: 900, height: 701 }, maximized: true });
    expect(stateToSave({ x: 0, y: 0, width: 100, height: 100 }, false)).toBeNull();
  });
});

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once after a burst, with the last arguments; flush runs now; cancel drops it', () => {
    const seen: number[] = [];
    const d = debounce((n: number) => seen.push(n), 100);
    d(1);
    d(2);
    d(3);
    vi.advanceTimersByTime(99);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([3]);
    d(4);
    d.flush();
    expect(seen).toEqual([3, 4]);
    d(5);
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([3, 4]);
  });
});
