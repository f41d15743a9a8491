// ImageKit caches each path transformation of an image or video (`/tr:w-300/photo.jpg`) as a URL
// of its own: a purge of `photo.jpg` (even `photo.jpg*`, which clears the query-parameter
// variants `?tr=w-300`) leaves those copies as they were. Purge Watch cannot know which
// transformations a site uses, so purging any image or video file says so. Pure.
import { isWildcard } from './freshness-check';

/** The files ImageKit transforms: images and videos. */
const TRANSFORMABLE =
  /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|heif|ico|jxl|mp4|webm|mov|m4v|mkv|avi|ogv)$/i;

/** The warning for purging `url`, or undefined when it names no image or video file. */
export function transformationWarning(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(isWildcard(url) ? url.slice(0, -1) : url).pathname;
  } catch {
    return undefined;
  }
  if (!TRANSFORMABLE.test(path)) return undefined;
  return 'Path transformations (like /tr:w-300/…) are cached as URLs of their own and keep their old copies: purge those URLs too.';
}
