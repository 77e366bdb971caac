// What the journal's records mean, and that a compacted journal means the same.
import { describe, expect, it } from 'vitest';
import { JournalState, type JournalRecord } from '../../../../functions/src/adapters/store/xlsx/journal-state.js';

const stamp = { mtimeMs: 1, size: 2, ino: 3 };
const append = (seq: number, key: string): JournalRecord => ({ t: 'append', seq, tab: 'Scores', key, row: { submission_id: key } });

describe('a replayed journal', () => {
  const records: JournalRecord[] = [
    { t: 'journal', id: 'j1' },
    append(1, 'a'),
    append(2, 'b'),
    { t: 'saved', version: 1, through: 2, stamp },
    append(3, 'c'),
    { t: 'deleted', tab: 'Scores', key: 'a' },
    {
      t: 'send',
      entry: {
        key: 'k',
        kind: 'result',
        trainee_id: 'T1',
        course_id: 'C1',
        email: 'x@bank.example',
        subject: 's',
        status: 'sent',
        first_seen_at: '',
        tries: 1,
        next_try_at: '',
        sent_at: '2026-06-01T10:00:00+08:00',
        message_id: '<m@x>',
        provider_id: 'p',
        error: '',
      },
    },
  ];
  const state = JournalState.replay(records);

  it('knows what was saved by which save, what waits, what staff deleted and what was sent', () => {
    expect([...state.saved.values()]).toEqual([{ tab: 'Scores', key: 'b', version: 1 }]);
    expect([...state.pending.values()].map((row) => row.key)).toEqual(['c']);
    expect(state.version).toBe(1);
    expect(state.sends.get('k')?.status).toBe('sent');
  });

  it.each([
    ['a mark of this journal', 'j1/7', 7],
    ['a mark of another journal', 'j2/7', undefined],
    ['no mark', undefined, undefined],
    ['a mark that is not ours at all', 'hello', undefined],
  ])('reads %s', (_name, mark, version) => {
    expect(state.versionOfMark(mark)).toBe(version);
  });

  it('means the same after compaction', () => {
    const again = JournalState.replay(state.snapshot());
    expect(again.id).toBe('j1');
    expect(again.version).toBe(1);
    expect(again.lastStamp).toEqual(stamp);
    expect([...again.saved.values()]).toEqual([...state.saved.values()]);
    expect([...again.pending.values()]).toEqual([...state.pending.values()]);
    expect([...again.sends.values()]).toEqual([...state.sends.values()]);
  });
});
