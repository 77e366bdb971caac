// Forms watch notifications read out of Pub/Sub CloudEvent data in the shapes Eventarc and Pub/Sub deliver.
import { describe, expect, it } from 'vitest';
import { parseFormsNotification } from '../../functions/src/core/forms-notification.js';

/** The data of a google.cloud.pubsub.topic.v1.messagePublished event carrying a Forms notification. */
const EVENTARC_DATA = {
  message: {
    attributes: {
      eventType: 'RESPONSES',
      formId: '18Xgmr4XQb-l0ypfCNGQoHAw2o82foMr8J0HPHdagS6g',
      watchId: '892515d1-a902-444f-a2fe-42b718fe8159',
    },
    messageId: '767437830649',
    message_id: '767437830649',
    publishTime: '2026-06-15T01:00:05.123Z',
    publish_time: '2026-06-15T01:00:05.123Z',
  },
  subscription: 'projects/training-prj/subscriptions/eventarc-asia-east2-formswatch-000-sub-000',
};

describe('parseFormsNotification', () => {
  it.each([
    { name: 'Eventarc data, parsed', data: EVENTARC_DATA },
    { name: 'the same data as bytes (a non-JSON content type)', data: Buffer.from(JSON.stringify(EVENTARC_DATA)) },
    { name: 'the same data as text', data: JSON.stringify(EVENTARC_DATA) },
  ])('reads $name', ({ data }) => {
    expect(parseFormsNotification(data)).toEqual({
      ok: true,
      notification: {
        eventType: 'RESPONSES',
        formId: '18Xgmr4XQb-l0ypfCNGQoHAw2o82foMr8J0HPHdagS6g',
        watchId: '892515d1-a902-444f-a2fe-42b718fe8159',
        messageId: '767437830649',
        publishTime: '2026-06-15T01:00:05.123Z',
      },
    });
  });

  it.each([
    {
      name: 'a SCHEMA event with only snake_case ids and no subscription',
      data: {
        message: {
          attributes: { eventType: 'SCHEMA', formId: 'f1', watchId: 'w1' },
          message_id: '1',
          publish_time: '2026-06-15T01:00:00Z',
        },
      },
      expected: { eventType: 'SCHEMA', formId: 'f1', watchId: 'w1', messageId: '1', publishTime: '2026-06-15T01:00:00Z' },
    },
    {
      name: 'an event type this code does not know yet',
      data: { message: { attributes: { eventType: 'SETTINGS', formId: 'f1' } } },
      expected: { eventType: 'SETTINGS', formId: 'f1' },
    },
  ])('reads $name', ({ data, expected }) => {
    expect(parseFormsNotification(data)).toEqual({ ok: true, notification: expected });
  });

  it.each([
    {
      name: 'no formId',
      data: { message: { attributes: { eventType: 'RESPONSES' }, messageId: '1' } },
      where: 'message.attributes.formId',
    },
    {
      name: 'no attributes (another publisher on the topic)',
      data: { message: { data: 'aGVsbG8=', messageId: '1' } },
      where: 'message.attributes',
    },
    {
      name: 'a blank event type',
      data: { message: { attributes: { eventType: ' ', formId: 'f1' } } },
      where: 'message.attributes.eventType',
    },
    { name: 'bytes that are not JSON', data: Buffer.from('hello'), where: '(data)' },
    { name: 'no data at all', data: undefined, where: '(data)' },
  ])('refuses $name, saying where', ({ data, where }) => {
    const result = parseFormsNotification(data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(where);
  });
});
