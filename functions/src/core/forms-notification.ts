// Reads a Forms API watch notification out of the data of a Pub/Sub "messagePublished" CloudEvent.
import { z } from 'zod';

export interface FormsNotification {
  /** RESPONSES or SCHEMA today; kept as text so a future event type is ignored, not refused. */
  readonly eventType: string;
  readonly formId: string;
  readonly watchId?: string;
  readonly messageId?: string;
  readonly publishTime?: string;
}

const messageSchema = z.object({
  message: z.object({
    // The Forms API puts everything in the attributes; its messages carry no data.
    attributes: z.object({ eventType: z.string().trim().min(1), formId: z.string().trim().min(1), watchId: z.string().trim().optional() }),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
    publish_time: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

export type NotificationResult =
  { readonly ok: true; readonly notification: FormsNotification } | { readonly ok: false; readonly reason: string };

/** Event data arrives parsed (JSON content type) or as bytes or text (any other content type). */
function asJson(data: unknown): unknown {
  if (!Buffer.isBuffer(data) && typeof data !== 'string') return data;
  try {
    return JSON.parse(data.toString()) as unknown;
  } catch {
    return undefined;
  }
}

export function parseFormsNotification(data: unknown): NotificationResult {
  const result = messageSchema.safeParse(asJson(data));
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join('.') || '(data)').join(', ');
    return { ok: false, reason: `not a Forms watch notification (Pub/Sub message with eventType and formId attributes); check ${where}` };
  }
  const { attributes, messageId, message_id, publishTime, publish_time } = result.data.message;
  const id = messageId ?? message_id;
  const time = publishTime ?? publish_time;
  return {
    ok: true,
    notification: {
      eventType: attributes.eventType,
      formId: attributes.formId,
      ...(attributes.watchId ? { watchId: attributes.watchId } : {}),
      ...(id === undefined ? {} : { messageId: id }),
      ...(time === undefined ? {} : { publishTime: time }),
    },
  };
}
