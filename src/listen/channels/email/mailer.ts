// Outgoing mail: SMTP through nodemailer when NORTHSTAR_SMTP_URL is set, else .eml files in an outbox folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** A message to send. */
export interface OutgoingMail {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Files attached to the message (a digest's PDF). */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  /** A name for the outbox file. */
  tag: string;
}

/** Where mail goes, and how to send one message. */
export interface Mailer {
  /** `smtp host:port` or `outbox <folder>`, for the start-up message. */
  describe: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** A permanent refusal by the receiving server (SMTP 5xx): the address bounced; retrying will not help. */
export class BounceError extends Error {}

/** Mail settings from the environment. */
export interface MailSettings {
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  publicUrl: string;
}

/** Read mail settings: NORTHSTAR_SMTP_URL, NORTHSTAR_MAIL_FROM, NORTHSTAR_PUBLIC_URL, NORTHSTAR_DATA_DIR. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const dataDir = path.resolve(env.NORTHSTAR_DATA_DIR ?? './northstar-data');
  return {
    smtpUrl: env.NORTHSTAR_SMTP_URL || undefined,
    outboxDir: path.join(dataDir, 'outbox'),
    from: env.NORTHSTAR_MAIL_FROM ?? 'Northstar <surveys@localhost>',
    publicUrl: (env.NORTHSTAR_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, ''),
  };
}

/** Build the mailer for these settings. */
export function createMailer(settings: Pick<MailSettings, 'smtpUrl' | 'outboxDir'>): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    const where = new URL(settings.smtpUrl);
    return {
      describe: `SMTP ${where.hostname}:${where.port || 25}`,
      send: async (mail) => {
        try {
          const info = await transport.sendMail({
            to: mail.to,
            from: mail.from,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            headers: mail.headers ?? {},
            attachments: mail.attachments ?? [],
          });
          if (info.rejected.length > 0) throw new BounceError(`rejected: ${info.rejected.join(', ')}`);
          return { messageId: info.messageId };
        } catch (err) {
          const code = (err as { responseCode?: number }).responseCode;
          if (code !== undefined && code >= 500) throw new BounceError((err as Error).message);
          throw err;
        }
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `outbox ${settings.outboxDir}`,
    send: async (mail) => {
      const info = await transport.sendMail({
        to: mail.to,
        from: mail.from,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers ?? {},
        attachments: mail.attachments ?? [],
      });
      // Messages hold addresses and personal links: readable by the owner only.
      mkdirSync(settings.outboxDir, { recursive: true, mode: 0o700 });
      const file = path.join(
        settings.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.tag}.eml`,
      );
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

let current: { mailer: Mailer; settings: MailSettings } | undefined;

/** The process's mailer and settings, built from the environment on first use. */
export function mail(): { mailer: Mailer; settings: MailSettings } {
  if (!current) {
    const settings = mailSettings();
    current = { mailer: createMailer(settings), settings };
  }
  return current;
}

/** Replace the process's mail settings (tests, or a server started with its own). */
export function useMail(settings: MailSettings): { mailer: Mailer; settings: MailSettings } {
  current?.mailer.close();
  current = { mailer: createMailer(settings), settings };
  return current;
}
