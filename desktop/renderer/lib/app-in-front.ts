/** True while the user can see this window (visible and focused). */
export function appInFront(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}
