/** A call coalesced to at most one per animation frame: `ask` as often as you like, `cancel` on teardown. */
export interface PerFrame {
  ask(): void;
  /** Drops a pending call; later asks do nothing (a late promise must not call into a torn-down view). */
  cancel(): void;
}

/** Calls `fn` at most once per animation frame, however often it is asked to (doc changes come in bursts). */
export function perFrame(fn: () => void): PerFrame {
  let frame = 0;
  let cancelled = false;
  return {
    ask: () => {
      if (frame || cancelled) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        fn();
      });
    },
    cancel: () => {
      cancelled = true;
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
