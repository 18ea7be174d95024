// The email that invites a colleague: who invited them to which organisation, with which role, the link
// that accepts (set a password, or sign in with single sign-on), and when it expires.

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What each role may do, in the words of the email and the settings page. */
const ROLE_WORDS: Record<string, string> = {
  owner: 'owner (everything, including other owners)',
  admin: 'administrator (settings, users and API keys)',
  analyst: 'analyst (analyses, surveys and configuration)',
  agent: 'agent (reads and answers cases)',
  viewer: 'viewer (reads the dashboards)',
};

/** Render the invitation to `acceptUrl` (`<public url>/invite#<token>`). */
export function renderUserInvitation(input: {
  organisation: string;
  invitedByName: string | null;
  role: string;
  acceptUrl: string;
  expiresAt: Date;
}): { subject: string; html: string; text: string } {
  const who = input.invitedByName ?? 'An administrator';
  const role = ROLE_WORDS[input.role] ?? input.role;
  const until = input.expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const subject = `${who} invited you to ${input.organisation} on Northstar`;
  const lines = [
    `${who} invited you to join ${input.organisation} on Northstar as ${role}.`,
    `Accept the invitation: ${input.acceptUrl}`,
    `The link works once and until ${until}. If you did not expect this email, ignore it.`,
  ];
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${esc(who)} invited you to join <strong>${esc(input.organisation)}</strong> on Northstar as ${esc(role)}.</p>
<p><a href="${esc(input.acceptUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<p style="color:#555">The link works once and until ${esc(until)}. If you did not expect this email, ignore it.</p>
</body></html>`;
  return { subject, html, text: `${lines.join('\n\n')}\n` };
}
