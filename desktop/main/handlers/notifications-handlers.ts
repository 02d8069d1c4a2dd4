import { z } from 'zod';

const NotifyInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(1000).default(''),
  /** Where a click on the notification leads (an in-app path such as `/c/<id>`). */
  path: z.string().regex(/^\/[\w\-/]*$/).max(200).optional(),
});
export type NotifyInput = z.input<typeof NotifyInput>;
export type Notice = z.output<typeof NotifyInput>;

/** Shows a native notification; the Electron entry point supplies it. */
export type Notifier = (notice: Notice) => void;

/** IPC: native notifications (the renderer decides when, main decides how). */
export function notificationsHandlers(notify: Notifier) {
  return {
    /** Shows `input` as a native notification. */
    show: async (input: NotifyInput): Promise<void> => {
      notify(NotifyInput.parse(input));
    },
  };
}
