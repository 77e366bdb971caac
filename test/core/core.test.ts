// Pure helpers: A1 coordinates, cell codecs, header mapping, settings and configuration, table-driven.
import { describe, expect, it } from 'vitest';
import { ALL_TABS, COMPONENTS, LEVELS, ROSTER_TAB, SCORES_TAB, SETTINGS, SETTINGS_TAB, headerText } from '../../sheets-templates/index.js';
import { readFile } from 'node:fs/promises';
import { CONFIG_VARIABLES, loadConfig, ConfigError } from '../../functions/src/config.js';
import { a1Range, columnToLetter, letterToColumn } from '../../functions/src/core/a1.js';
import { cellChoice, cellChoices, cellDate, cellDateTime, cellNumber } from '../../functions/src/core/cells.js';
import { parseSettings } from '../../functions/src/core/settings.js';
import { indexHeaders } from '../../functions/src/core/table.js';
import { parseRow, toCell } from '../../functions/src/core/schemas.js';
import { gridOf, settingsGrid } from '../fixtures/world.js';
import { gridToTable } from '../../functions/src/core/table.js';

describe('columnToLetter', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %i is %s and back', (column, letters) => {
    expect(columnToLetter(column)).toBe(letters);
    expect(letterToColumn(letters)).toBe(column);
  });

  it.each([0, -1, 1.5])('refuses %s', (column) => expect(() => columnToLetter(column)).toThrow(RangeError));

  it('quotes tab names in ranges', () => {
    expect(a1Range("O'Neil", 1, 2, 8)).toBe("'O''Neil'!A2:H");
    expect(a1Range('Scores', 1, 2, 8, 20)).toBe("'Scores'!A2:H20");
  });
});

describe('cell codecs', () => {
  it.each([
    ['plain', '88', 88],
    ['decimal', '59.95', 59.95],
    ['full-width', '９０', 90],
    ['thousands separators stay, to be refused', '1,200', '1,200'],
    ['a percent sign stays, to be refused', '80%', '80%'],
    ['number stays', 72, 72],
    ['words stay', '八十', '八十'],
    ['half a number stays', '8o', '8o'],
  ])('number: %s', (_name, input, expected) => expect(cellNumber(input)).toBe(expected));

  it.each([
    ['ISO', '2026-03-01', '2026-03-01'],
    ['slashes', '2026/3/1', '2026-03-01'],
    ['dots', '2026.3.1', '2026-03-01'],
    ['Chinese', '2026年3月1日', '2026-03-01'],
    ['not a date', '3/1', '3/1'],
    ['impossible', '2026-02-30', '2026-02-30'],
  ])('date: %s', (_name, input, expected) => expect(cellDate(input)).toBe(expected));

  it.each([
    ['offset kept as the instant', '2026-03-01T01:30:00Z', '2026-03-01T09:30:00+08:00'],
    ['no offset read in the zone', '2026-03-01T09:30', '2026-03-01T09:30:00+08:00'],
    ['form timestamp', '2026/3/1 9:30:00', '2026-03-01T09:30:00+08:00'],
    ['garbage', 'soon', 'soon'],
  ])('datetime: %s', (_name, input, expected) => expect(cellDateTime(input, 'Asia/Shanghai')).toBe(expected));

  it.each([
    ['value', '专业级', '专业级'],
    ['English label, any case', 'professional', '专业级'],
    ['padded', ' 高级 ', '高级'],
    ['unknown stays', '特级', '特级'],
  ])('choice: %s', (_name, input, expected) => expect(cellChoice(input, LEVELS)).toBe(expected));

  it('choices: splits on ASCII and Chinese separators, maps labels, drops repeats', () => {
    expect(cellChoices('exam，案例分析、exam; Project', COMPONENTS)).toEqual(['exam', 'case', 'project']);
  });

  it('round-trips every source tab column through schema and cell', () => {
    const row = {
      submission_id: 's',
      submitted_at: '2026-03-01T09:30:00+08:00',
      trainee_id: 'T',
      course_id: 'C',
      component: 'case',
      attempt: 2,
      score: 59.95,
      assessor: 'a',
    };
    const parsed = parseRow(SCORES_TAB, row, 'Asia/Shanghai');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const cells = Object.fromEntries(Object.entries(parsed.row).map(([key, value]) => [key, toCell(value)]));
    expect(cells).toEqual(row);
    expect(parseRow(SCORES_TAB, cells, 'Asia/Shanghai')).toEqual(parsed);
  });
});

describe('header mapping', () => {
  const header = SCORES_TAB.columns.map(headerText);

  it('maps every template column of every tab from its own header row', () => {
    for (const tab of ALL_TABS) {
      const index = indexHeaders(tab, tab.columns.map(headerText));
      expect([...index.keys()], tab.name).toEqual(tab.columns.map((column) => column.key));
    }
  });

  it.each([
    ['the key alone', (h: string[]) => h.map((text, i) => (i === 0 ? 'submission_id' : text))],
    ['the zh-CN label alone', (h: string[]) => h.map((text, i) => (i === 0 ? '提交编号' : text))],
    ['the English label in other case', (h: string[]) => h.map((text, i) => (i === 0 ? 'SUBMISSION ID' : text))],
    ['an extra column of staff notes', (h: string[]) => [...h, '备注']],
    ['reordered columns', (h: string[]) => [...h].reverse()],
    ['trailing blanks', (h: string[]) => [...h, '', null]],
  ])('accepts %s', (_name, edit) => {
    expect(() => indexHeaders(SCORES_TAB, edit(header))).not.toThrow();
  });

  it.each([
    ['a missing column', header.slice(1), 'Tab "Scores" is missing the header "提交编号 Submission ID"'],
    ['a blank header between others', ['', ...header], 'Tab "Scores" has a blank header (column A) between other headers'],
    ['the same header twice', [...header, header[6]], 'Tab "Scores" has the header "分数 Score" more than once (column I)'],
    ['one column under two names', [...header, 'score'], 'Tab "Scores" has the header "score" more than once (column I)'],
  ])('refuses %s', (_name, row, message) => {
    expect(() => indexHeaders(SCORES_TAB, row)).toThrow(message);
  });

  it('reads a Roster laid out before the joined date existed: the column reads as blank until provisioning adds it', () => {
    const older = ROSTER_TAB.columns.filter((column) => column.key !== 'joined_on').map(headerText);
    const index = indexHeaders(ROSTER_TAB, older);
    expect(index.has('joined_on')).toBe(false);
    const table = gridToTable(ROSTER_TAB, [older, older.map((_, i) => (i === 0 ? 'T001' : 'x'))]);
    expect(table.rows[0]?.values['joined_on']).toBeUndefined();
  });

  it.each([
    ['a missing column', header.slice(1), '工作表“Scores”缺少表头“提交编号 Submission ID”。'],
    ['a blank header between others', ['', ...header], '工作表“Scores”在其他表头之间有空白表头（第 A 列）。'],
    ['the same header twice', [...header, header[6]], '工作表“Scores”表头“分数 Score”出现了不止一次（第 I 列）。'],
  ])('says in Chinese first what is wrong with %s', (_name, row, message) => {
    expect(() => indexHeaders(SCORES_TAB, row)).toThrow(message);
  });

  it('numbers rows as the sheet shows them and skips blank rows', () => {
    const table = gridToTable(SCORES_TAB, [header, header.map(() => null), header.map((_, i) => (i === 0 ? 'x' : null))]);
    expect(table.rows.map((row) => row.rowNumber)).toEqual([3]);
  });
});

describe('settings', () => {
  it('takes the template defaults for an empty tab', () => {
    const settings = parseSettings(undefined);
    for (const def of SETTINGS.filter((d) => d.key === 'pass_mark' || d.key === 'time_zone'))
      expect(String(settings[def.key as 'pass_mark'])).toBe(def.default);
  });

  // One bad cell never throws: it is an issue naming key and row, the default stands in, and `blocks` says what waits.
  it.each([
    ['pass mark out of range blocks grading', { pass_mark: '120' }, 'pass_mark', 'out_of_range', ['grading']],
    ['unknown time zone falls back to the default', { time_zone: 'Mars/Olympus' }, 'time_zone', 'not_time_zone', []],
    ['bad leader e-mail blocks the digest', { leader_emails: 'boss@bank.example, nobody' }, 'leader_emails', 'not_email', ['digest']],
    ['good above excellent blocks grading', { band_good: '95' }, 'band_good', 'band_order', ['grading']],
    ['unknown language falls back to the default', { language: 'fr' }, 'language', 'not_choice', []],
  ])('%s', (_name, overrides, key, rule, blocks) => {
    const settings = parseSettings(gridToTable(SETTINGS_TAB, settingsGrid(overrides)));
    expect(settings.issues).toEqual([
      { key, rowNumber: expect.any(Number) as unknown, problem: expect.objectContaining({ field: key, rule }) as unknown, blocks },
    ]);
    const def = SETTINGS.find((d) => d.key === key);
    if (key !== 'band_good') expect(String(settings[key as 'pass_mark'])).toBe(def?.default);
  });

  it('reads words people type for yes and no, and several leader e-mails', () => {
    const table = gridToTable(
      SETTINGS_TAB,
      settingsGrid({ retake_cap: '否', leader_emails: 'a@bank.example；b@bank.example', language: 'English' }),
    );
    expect(parseSettings(table)).toMatchObject({ retake_cap: false, leader_emails: ['a@bank.example', 'b@bank.example'], language: 'en' });
  });

  it('grid fixture matches the template', () => {
    expect(gridOf(SETTINGS_TAB, [])[0]).toEqual(SETTINGS_TAB.columns.map(headerText));
  });
});

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({}, '/srv')).toEqual({
      store: 'xlsx',
      workbookPath: '/srv/data/training.xlsx',
      workbookSaveIntervalMs: 2000,
      workbookName: 'data/training.xlsx',
      host: '127.0.0.1',
      port: 8080,
      onGoogle: false,
      maxBodyBytes: 65536,
      logLevel: 'info',
      recomputeOnSubmit: 'background',
      recomputeIntervalMs: 5000,
      sheetsMaxCells: 10_000_000,
      checkin: { baseUrl: 'http://127.0.0.1:8080', baseUrlSet: false, secretFile: '/srv/data/.checkin-secret' },
      mail: {
        mailer: 'outbox',
        outboxDir: '/srv/data/outbox',
        from: { name: '培训中心', address: 'training@example.com' },
        gmailSender: 'training@example.com',
        afterRecompute: true,
        limits: { ratePerSecond: 0, dailyCap: 1500, timeBudgetMs: 50_000, batchSize: 25, maxTries: 8 },
      },
      certificates: { dir: '/srv/data/certificates', dirName: 'data/certificates' },
    });
  });

  it('paces Gmail at two messages a second unless told otherwise', () => {
    const gmail = { MAILER: 'gmail', MAIL_FROM: 'Training <training@bank.example>' };
    expect(loadConfig(gmail).mail).toMatchObject({ mailer: 'gmail', gmailSender: 'training@bank.example', limits: { ratePerSecond: 2 } });
    expect(loadConfig({ ...gmail, GMAIL_SENDER: 'hr@bank.example', FEEDBACK_RATE_PER_SECOND: '0.5' }).mail).toMatchObject({
      gmailSender: 'hr@bank.example',
      limits: { ratePerSecond: 0.5 },
    });
  });

  it('names the workbook as configured, or by its file name alone when the path is absolute', () => {
    expect(loadConfig({ WORKBOOK_PATH: './data/../data/bank.xlsx' }, '/srv')).toMatchObject({ workbookName: 'data/bank.xlsx' });
    expect(loadConfig({ WORKBOOK_PATH: '/var/lib/training/bank.xlsx' }, '/srv')).toMatchObject({ workbookName: 'bank.xlsx' });
  });

  it('knows it runs on Google when K_SERVICE is set, and reads the admin token, host and port', () => {
    expect(loadConfig({ K_SERVICE: 'training', ADMIN_TOKEN: 'admin-0123456789abcdef', HOST: '0.0.0.0', PORT: '18120' })).toMatchObject({
      onGoogle: true,
      adminToken: 'admin-0123456789abcdef',
      host: '0.0.0.0',
      port: 18120,
    });
  });

  it('.env.example documents every variable but the one Google sets', async () => {
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual(['K_SERVICE']);
  });

  it('treats an empty token as unset', () => {
    expect(loadConfig({ SUBMIT_TOKEN: '  ' }, '/srv')).not.toHaveProperty('submitToken');
  });

  it.each([
    ['a short token', { SUBMIT_TOKEN: 'short' }, /SUBMIT_TOKEN must be at least 16 characters/],
    ['a short admin token', { ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be at least 16 characters/],
    [
      'the admin token the forms hold',
      { SUBMIT_TOKEN: 'same-token-0123456789', ADMIN_TOKEN: 'same-token-0123456789' },
      /ADMIN_TOKEN: must differ from SUBMIT_TOKEN/,
    ],
    ['a port that is no port', { PORT: '70000' }, /PORT must be 0 to 65535/],
    ['an unknown store', { STORE: 'ftp' }, /STORE/],
    ['a body limit that is no number', { MAX_BODY_BYTES: 'lots' }, /MAX_BODY_BYTES/],
    ['SMTP without a server', { MAILER: 'smtp', MAIL_FROM: 'a@bank.example' }, /SMTP_URL: required with MAILER=smtp/],
    ['Gmail without a sender', { MAILER: 'gmail' }, /MAIL_FROM: required with MAILER=gmail/],
    ['a sender that is two addresses', { MAIL_FROM: 'a@bank.example, b@bank.example' }, /MAIL_FROM: not one e-mail address/],
    ['a sender that is no address', { MAIL_FROM: '培训中心' }, /MAIL_FROM/],
    [
      'an SMTP URL of another scheme',
      { MAILER: 'smtp', SMTP_URL: 'http://mail', MAIL_FROM: 'a@bank.example' },
      /SMTP_URL must start with smtp/,
    ],
  ])('refuses %s with every problem listed', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
