/**
 * Trusted Types (https://w3c.github.io/trusted-types/dist/spec/): index.html's Content-Security-Policy says
 * `require-trusted-types-for 'script'; trusted-types default`, so in browsers that support it every DOM sink that
 * could run code refuses plain strings. nettwin has no HTML sinks at all (src/html-sinks.test.ts), and the only
 * script URLs it hands the browser are its own files: the engine worker and the service worker. The default
 * policy below lets exactly those through (same origin, a script path) and refuses HTML and script text, so a
 * packet string can never become markup or code even if a sink slipped in later.
 *
 * Imported first by main.tsx, before anything touches the DOM. Browsers without Trusted Types ignore both the
 * policy and the CSP directive.
 */

interface TrustedTypePolicyOptionsLike {
  createHTML?: (input: string) => string
  createScript?: (input: string) => string
  createScriptURL?: (input: string) => string
}

interface TrustedTypesLike {
  createPolicy(name: string, options: TrustedTypePolicyOptionsLike): unknown
  readonly defaultPolicy: unknown
}

/** Whether `url` may be loaded as a script: a same-origin .js/.mjs/.ts file (the engine worker, the service worker). */
export function isOwnScriptUrl(url: string, base: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url, base)
  } catch {
    return false
  }
  return parsed.origin === new URL(base).origin && /\.(m?js|ts)$/.test(parsed.pathname)
}

/** Installs the default policy once; returns false where Trusted Types are not supported. */
export function installTrustedTypesPolicy(win: { trustedTypes?: TrustedTypesLike; location: { href: string } } = globalThis as never): boolean {
  const tt = win.trustedTypes
  if (tt === undefined || tt.defaultPolicy !== null) return tt !== undefined
  tt.createPolicy('default', {
    createHTML: () => {
      throw new TypeError('nettwin does not turn strings into HTML')
    },
    createScript: () => {
      throw new TypeError('nettwin does not run strings as script')
    },
    createScriptURL: (input) => {
      if (isOwnScriptUrl(input, win.location.href)) return input
      throw new TypeError(`refusing to load a script from ${input.slice(0, 100)}`)
    },
  })
  return true
}

installTrustedTypesPolicy()
