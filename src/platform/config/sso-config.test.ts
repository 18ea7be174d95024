import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';

describe('single sign-on configuration', () => {
  it('is off, with password login on, unless configured', () => {
    const config = loadConfig({});
    expect(config.sso).toBeUndefined();
    expect(config.passwordLogin).toBe(true);
  });

  it('reads the provider, the organisation, the default role and the allowed domains', () => {
    const config = loadConfig({
      NORTHSTAR_ORG_SLUG: 'acme',
      NORTHSTAR_OIDC_ISSUER: 'https://id.example.com',
      NORTHSTAR_OIDC_CLIENT_ID: 'northstar',
      NORTHSTAR_OIDC_CLIENT_SECRET: 's3cret',
      NORTHSTAR_OIDC_REDIRECT_URL: 'https://cx.example.com/api/v1/auth/oidc/callback',
      NORTHSTAR_OIDC_DEFAULT_ROLE: 'agent',
      NORTHSTAR_OIDC_ALLOWED_DOMAINS: ' Example.com, @acme.test ,',
      NORTHSTAR_PASSWORD_LOGIN: 'false',
    });
    expect(config.passwordLogin).toBe(false);
    expect(config.sso).toEqual({
      issuer: 'https://id.example.com',
      clientId: 'northstar',
      clientSecret: 's3cret',
      redirectUrl: 'https://cx.example.com/api/v1/auth/oidc/callback',
      orgSlug: 'acme',
      defaultRole: 'agent',
      allowedDomains: ['example.com', 'acme.test'],
      label: 'single sign-on',
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => loadConfig({ NORTHSTAR_OIDC_ISSUER: 'https://id.example.com' })).toThrow(
      /NORTHSTAR_OIDC_CLIENT_ID: required[\s\S]*NORTHSTAR_OIDC_REDIRECT_URL: required/,
    );
    expect(() => loadConfig({ NORTHSTAR_OIDC_DEFAULT_ROLE: 'owner' })).toThrow(/NORTHSTAR_OIDC_DEFAULT_ROLE/);
    expect(() => loadConfig({ NORTHSTAR_PASSWORD_LOGIN: 'no' })).toThrow(/NORTHSTAR_PASSWORD_LOGIN/);
  });
});
