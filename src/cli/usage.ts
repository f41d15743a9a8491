// The help text, kept next to the argument parser it describes.
export const USAGE = `purge-watch: know the moment an ImageKit cache purge has finished.

Usage:
  purge-watch status <request-id>...   print each purge's status
  purge-watch wait <request-id>...     poll until each one is completed or has failed
    --timeout <duration>               give up after this long (default 30m; accepts 90s, 15m, 2h)
  purge-watch purge <url>...           submit cache purges, print each request ID
    --wait                             then wait as \`wait\` does (--timeout applies)
  purge-watch key set                  store the private key in the OS keychain
                                       (hidden prompt, or stdin when piped)
  purge-watch key status | key delete

Options:
  --json       one JSON object per line on stdout
  --help       show this help
  --version    print the version

A request ID is 24 hex characters; "-" reads IDs (or the JSON the purge API returned) from stdin.
The private key comes from IMAGEKIT_PRIVATE_KEY when set, else from the OS keychain.
IMAGE_KIT_BASE_URL overrides https://api.imagekit.io (https only; http on loopback).

Exit codes: 0 ok, 1 a request failed, 2 usage or invalid input, 3 timeout, 4 authentication.
`;
