// A real OpenID Connect provider (oidc-provider) on loopback for the single sign-on tests, and a small
// browser stand-in that keeps cookies per host, follows redirects and submits the provider's forms.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the provider knows, by login name. */
export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
}

/** Start a provider with one confidential client; accounts sign in by login name (any password). */
export async function startOidcProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<{ issuer: string; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['northstar-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, id) => {
      const account = opts.accounts[id];
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
  });
  // Quiet: the dev-only warnings oidc-provider prints are expected here.
  provider.on('server_error', () => {});
  server.on('request', provider.callback());
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A cookie jar per host and a fetch that uses it (redirects are not followed by it). */
export class Browser {
  private jar = new Map<string, Map<string, string>>();

  /** The cookie `name` held for the host of `url`. */
  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  /** Set a cookie by hand (to play a browser that holds another value). */
  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  /** One request with this browser's cookies; keeps the cookies it sets. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const host = new URL(url).host;
    const cookies = [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (!this.jar.has(host)) this.jar.set(host, new Map());
      if (expired || value === '') this.jar.get(host)!.delete(name);
      else this.jar.get(host)!.set(name, value);
    }
    return res;
  }

  /**
   * Follow redirects from `url` until one leads to `stopAt` (not requested) or a page answers; on the
   * provider's login and consent pages, submit the form (login name `login`). Returns the URL reached.
   */
  async signInAtProvider(url: string, login: string, stopAt: string): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 20; hop++) {
      if (next.startsWith(stopAt)) return next;
      const res = await this.fetch(next);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        next = new URL(location, next).href;
        continue;
      }
      const page = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (res.status !== 200 || !action || !prompt)
        throw new Error(`provider answered ${res.status}: ${page.slice(0, 300)}`);
      const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
      const posted = await this.fetch(new URL(action, next).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const to = posted.headers.get('location');
      if (!to)
        throw new Error(`provider form answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
      next = new URL(to, next).href;
    }
    throw new Error('too many redirects');
  }
}
