// The app's version, injected by the build (scripts/build.mjs); "dev" when run from sources.
declare const __PURGE_WATCH_VERSION__: string | undefined;

export const VERSION: string =
  typeof __PURGE_WATCH_VERSION__ === 'string' ? __PURGE_WATCH_VERSION__ : 'dev';

/** The User-Agent every API request carries. */
export const USER_AGENT = `purge-watch/${VERSION}`;
