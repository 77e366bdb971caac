// The reference a feedback e-mail carries at its foot, from its key: how a mailbox search finds a send whose answer was lost.
import { createHash } from 'node:crypto';

/**
 * The reference every try of a key carries, printed at the foot of the message: what finds a send in the sender's
 * mailbox when its answer was lost. Not the Message-ID, which Gmail may replace on messages sent through its API.
 * A hash, so it tells nothing of the trainee or the course.
 */
export function feedbackRef(key: string): string {
  return `fb${createHash('sha256').update(`feedback-ref|${key}`).digest('hex').slice(0, 24)}`;
}
