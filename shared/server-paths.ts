/**
 * Paths the server answers itself (REST, API docs, sync, metrics, the pages mail links open). The
 * web client's files and routes never use them: the server does not serve the app there, and the
 * app's service worker leaves them to the network.
 */
const SERVER_PATHS = /^\/(api|docs|sync|metrics|verify-email|reset-password|link-pages)(\/|$|\.)/;

/** True when `pathname` belongs to the server rather than to the web client. */
export function isServerPath(pathname: string): boolean {
  return SERVER_PATHS.test(pathname);
}
