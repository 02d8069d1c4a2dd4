/**
 * The mails Parley sends. Each template only states its words; `render` turns them into a
 * plain-text and an HTML body from the same content, so the two parts never drift apart.
 * Every interpolated value is HTML-escaped in the HTML part (usernames are user input).
 */

/** A rendered mail, ready to be addressed: `mailer.send({ to, ...verificationMail(...) })`. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A call to action: a link shown as a button in HTML and as a bare URL in text. */
interface Action {
  label: string;
  url: string;
}

/** The words of one mail; paragraphs are plain text (escaped for HTML by `render`). */
interface MailSpec {
  subject: string;
  username: string;
  paragraphs: string[];
  action?: Action;
  /** Paragraphs after the action (expiry, "if this wasn't you"). */
  footnotes?: string[];
}

const PRODUCT = 'Parley';

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Links come from our own config, but a `javascript:` URL in a mail would be a disaster: refuse it. */
function safeUrl(url: string): string {
  const { protocol } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`refusing a non-http(s) link in a mail: ${protocol}`);
  return url;
}

function renderText(spec: MailSpec, url: string | undefined): string {
  const blocks = [`Hi ${spec.username},`, ...spec.paragraphs];
  if (spec.action && url) blocks.push(`${spec.action.label}:\n${url}`);
  blocks.push(...(spec.footnotes ?? []), `— The ${PRODUCT} team`);
  return blocks.join('\n\n') + '\n';
}

function renderHtml(spec: MailSpec, url: string | undefined): string {
  const p = (text: string, style = '') => `<p style="margin:0 0 16px;${style}">${escapeHtml(text)}</p>`;
  const action = spec.action && url
    ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#4f46e5;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(spec.action.label)}</a></p>`
      + p(`If the button does not work, paste this link into your browser: ${url}`, 'font-size:13px;color:#6b7280;word-break:break-all')
    : '';
  const body = [
    p(`Hi ${spec.username},`),
    ...spec.paragraphs.map((text) => p(text)),
    action,
    ...(spec.footnotes ?? []).map((text) => p(text, 'font-size:13px;color:#6b7280')),
    p(`— The ${PRODUCT} team`),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(spec.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111827">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<h1 style="margin:0 0 24px;font-size:20px">${escapeHtml(PRODUCT)}</h1>
${body}
</div>
</body>
</html>
`;
}

/** The one layout every template goes through. */
function render(spec: MailSpec): MailContent {
  const url = spec.action ? safeUrl(spec.action.url) : undefined;
  return { subject: spec.subject, text: renderText(spec, url), html: renderHtml(spec, url) };
}

/** Asks a new user to confirm their address; `link` carries `token=<token>`, which the text shows verbatim. */
export function verificationMail({ username, link }: { username: string; link: string }): MailContent {
  return render({
    subject: `Verify your ${PRODUCT} email address`,
    username,
    paragraphs: [`Welcome to ${PRODUCT}! Please confirm that this is your email address to activate your account.`],
    action: { label: 'Verify email address', url: link },
    footnotes: [`If you did not create a ${PRODUCT} account, you can ignore this mail.`],
  });
}

/** Sent once the address is verified. */
export function welcomeMail({ username, appUrl }: { username: string; appUrl: string }): MailContent {
  return render({
    subject: `Welcome to ${PRODUCT}`,
    username,
    paragraphs: [
      'Your email address is verified and your account is ready.',
      'Add friends by their username, start a conversation or a group, and keep chatting offline: your messages sync as soon as you are back online.',
    ],
    action: { label: `Open ${PRODUCT}`, url: appUrl },
  });
}

/** A password reset link (`token=<token>`), valid for one hour. */
export function passwordResetMail({ username, link }: { username: string; link: string }): MailContent {
  return render({
    subject: `Reset your ${PRODUCT} password`,
    username,
    paragraphs: ['Someone (hopefully you) asked to reset the password of your account.'],
    action: { label: 'Choose a new password', url: link },
    footnotes: ['This link expires in 1 hour and works once.', 'If you did not ask for this, ignore this mail: your password stays unchanged.'],
  });
}

/** Sent to the NEW address to confirm an email change; `link` carries `token=<token>`. */
export function emailChangeMail({ username, link, newEmail }: { username: string; link: string; newEmail: string }): MailContent {
  return render({
    subject: `Confirm your new ${PRODUCT} email address`,
    username,
    paragraphs: [`Please confirm that ${newEmail} should become the email address of your ${PRODUCT} account.`],
    action: { label: 'Confirm new email address', url: link },
    footnotes: ['Until you confirm, your account keeps its current address.', 'If you did not ask for this, ignore this mail.'],
  });
}

/** Security notice to the OLD address after the account's email changed. */
export function emailChangedNoticeMail({ username, newEmail }: { username: string; newEmail: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} email address was changed`,
    username,
    paragraphs: [`The email address of your ${PRODUCT} account was changed to ${newEmail}. This address will no longer receive mail about your account.`],
    footnotes: ['If you did not make this change, your account may be compromised: sign in and change your password right away.'],
  });
}

/** Security notice after the account's password changed. */
export function passwordChangedNoticeMail({ username }: { username: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} password was changed`,
    username,
    paragraphs: [`The password of your ${PRODUCT} account was just changed.`],
    footnotes: ['If you did not make this change, reset your password right away.'],
  });
}

/** Tells a user someone wants to be their friend; sent only while their `emailFriendRequests` setting is on. */
export function friendRequestMail({ username, fromUsername, appUrl }: { username: string; fromUsername: string; appUrl: string }): MailContent {
  return render({
    subject: `${fromUsername} wants to be your friend on ${PRODUCT}`,
    username,
    paragraphs: [`${fromUsername} sent you a friend request. Once you accept, you can see when each other is online and chat.`],
    action: { label: 'See the request', url: appUrl },
    footnotes: [`You get this mail because friend request emails are on in your ${PRODUCT} notification settings.`],
  });
}

/** Tells a user they missed messages in a conversation; at most one an hour per conversation, only while `emailMissedMessages` is on. */
export function missedMessagesMail({ username, fromUsername, groupName, appUrl }: { username: string; fromUsername: string; groupName: string | null; appUrl: string }): MailContent {
  const where = groupName === null ? '' : ` in ${groupName}`;
  return render({
    subject: `New messages from ${fromUsername}${where} on ${PRODUCT}`,
    username,
    paragraphs: [`${fromUsername} wrote to you${where} while you were away.`],
    action: { label: 'Open Parley', url: appUrl },
    footnotes: [`You get at most one such mail an hour per conversation, because missed-message emails are on in your ${PRODUCT} notification settings.`],
  });
}
