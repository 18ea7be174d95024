// Access logs without secrets or personal data: tokens in paths and every query-string value are
// replaced before a request is logged (personal links, one-click tokens, ?email=, ?q=).

// Path segments that carry a token: /e/{token}/… (email pages), /s/{id}/t/{token} style links.
const TOKEN_PATHS = [/^(\/e\/)[^/?]+/, /^(\/api\/v1\/public\/widget\/)[^/?]+/];

/** The URL as it may be logged: tokens and query values replaced by "…". */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let pathPart = q >= 0 ? url.slice(0, q) : url;
  for (const re of TOKEN_PATHS) pathPart = pathPart.replace(re, '$1…');
  if (q < 0) return pathPart;
  const keys = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${pathPart}?${keys.map((k) => `${encodeURIComponent(k)}=…`).join('&')}`;
}
