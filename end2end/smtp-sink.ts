import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// A real SMTP server on loopback for the test run: the portal (started with
// SMTP_URL=smtp://127.0.0.1:2525) delivers its emails here, and tests read them.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export const MAIL_DIR = join(__dirname, '.mail');
export const SMTP_SINK_PORT = Number(process.env.SMTP_SINK_PORT ?? 2525);

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
}

export async function startSmtpSink(): Promise<() => Promise<void>> {
  rmSync(MAIL_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CaughtMail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          };
          count += 1;
          writeFileSync(join(MAIL_DIR, `${Date.now()}-${count}.json`), JSON.stringify(mail));
          callback();
        })
        .catch((error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(SMTP_SINK_PORT, '127.0.0.1', () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Every email the sink has caught so far. */
export function caughtMail(): CaughtMail[] {
  return readdirSync(MAIL_DIR)
    .sort()
    .map((file) => JSON.parse(readFileSync(join(MAIL_DIR, file), 'utf8')) as CaughtMail);
}
