// The Settings tab's keys: every rule's default value, its type and its meaning in both languages.
import type { ColumnType, Label } from './types.js';
import { DEFAULT_TEMPLATES, templateSettingKey, type EmailKind } from './email-templates.js';
import { APPRAISAL_CADENCES, LANGUAGES } from './vocab.js';
import { CERTIFICATE_TEXTS } from './certificate-template.js';

/** What waits while a Settings value cannot be read: grading, score intake, or one kind of e-mail. */
export type SettingBlock = 'grading' | 'score_intake' | EmailKind;

export interface SettingDef {
  readonly key: string;
  readonly label: Label;
  readonly type:
    | ColumnType
    | { readonly kind: 'boolean' }
    | { readonly kind: 'emails' }
    | { readonly kind: 'timezone' }
    /** Hours as a curriculum writes them: 24 or 16+8. */
    | { readonly kind: 'hours' };
  readonly default: string;
  /**
   * What a value that cannot be read stops until staff fix it. Absent: the default is used instead (with
   * a Problems row), because guessing it costs nothing; a pass mark or a template is never guessed.
   */
  readonly blocks?: readonly SettingBlock[];
}

const s = (key: string, zh: string, en: string, type: SettingDef['type'], value: string, blocks?: readonly SettingBlock[]): SettingDef => ({
  key,
  label: { zh, en },
  type,
  default: value,
  ...(blocks === undefined ? {} : { blocks }),
});

const GRADING: readonly SettingBlock[] = ['grading'];
const GRADING_AND_SCORES: readonly SettingBlock[] = ['grading', 'score_intake'];
const TRAINEE_MAIL: readonly SettingBlock[] = ['result', 'retake', 'excellent'];

const longText = { kind: 'text', maxLength: 4000 } as const;

const EMAIL_KINDS: readonly EmailKind[] = ['result', 'retake', 'excellent', 'digest'];
const TEMPLATE_LABELS: Readonly<Record<EmailKind, { zh: string; en: string }>> = {
  result: { zh: '成绩反馈', en: 'Result' },
  retake: { zh: '补考通知', en: 'Retake notice' },
  excellent: { zh: '优秀表彰', en: 'Congratulations' },
  digest: { zh: '领导周报', en: "Leaders' digest" },
};

export const SETTINGS: readonly SettingDef[] = [
  s('pass_mark', '合格分数线', 'Pass mark', { kind: 'number', min: 0, max: 100 }, '60', GRADING),
  s('band_excellent', '优秀分数线', 'Excellent from', { kind: 'number', min: 0, max: 100 }, '90', GRADING),
  s('band_good', '良好分数线', 'Good from', { kind: 'number', min: 0, max: 100 }, '80', GRADING),
  s(
    'min_attendance',
    '最低出勤率（如 0.8 或 80%）',
    'Minimum attendance rate (0.8 or 80%)',
    { kind: 'number', min: 0, max: 1, percent: true },
    '0.8',
    GRADING,
  ),
  s(
    'max_attempts',
    '最多考核次数（含补考）',
    'Maximum attempts (retakes included)',
    { kind: 'integer', min: 1, max: 10 },
    '2',
    GRADING_AND_SCORES,
  ),
  s(
    'retake_window_days',
    '补考期限（课程结束后天数）',
    'Retake window (days after course end)',
    { kind: 'integer', min: 0, max: 365 },
    '14',
    GRADING_AND_SCORES,
  ),
  s('retake_cap', '补考通过按合格线记分', 'Cap a passed retake at the pass mark', { kind: 'boolean' }, 'true', GRADING),
  s(
    'excellent_bonus_points',
    '优秀学员绩效加分',
    'Appraisal bonus points for an excellent trainee',
    { kind: 'number', min: 0, max: 100 },
    '2',
    GRADING,
  ),
  s('assistant_hours', '助理级认证学时（如 16+8）', 'Hours for the Assistant level (e.g. 16+8)', { kind: 'hours' }, '16+8'),
  s(
    'professional_hours',
    '专业级认证学时（含助理级，如 64+8）',
    'Hours for the Professional level, Assistant included (e.g. 64+8)',
    { kind: 'hours' },
    '64+8',
  ),
  s(
    'senior_hours',
    '高级认证学时（含专业级，如 96+8）',
    'Hours for the Senior level, Professional included (e.g. 96+8)',
    { kind: 'hours' },
    '96+8',
  ),
  s('time_zone', '时区', 'Time zone', { kind: 'timezone' }, 'Asia/Shanghai'),
  s('language', '语言', 'Language', { kind: 'choice', choices: LANGUAGES }, 'zh-CN'),
  s('leader_emails', '领导邮箱（逗号分隔）', 'Leader e-mails (comma-separated)', { kind: 'emails' }, '', ['digest']),
  s(
    'leader_digest_weekday',
    '领导周报发送日（1=周一…7=周日，0=不发送）',
    "Leaders' weekly digest day (1 = Monday … 7 = Sunday, 0 = none)",
    { kind: 'integer', min: 0, max: 7 },
    '1',
    ['digest'],
  ),
  s(
    'summary_link',
    '领导看板链接（周报中使用）',
    "Link to the leaders' summary (used in the digest)",
    { kind: 'text', maxLength: 1000 },
    '',
    ['digest'],
  ),
  s(
    'feedback_hold_minutes',
    '成绩稳定多少分钟后发送反馈邮件',
    'Minutes a result must stay unchanged before its e-mail is sent',
    { kind: 'integer', min: 0, max: 10_080 },
    '60',
    [...TRAINEE_MAIL, 'digest'],
  ),
  s(
    'feedback_from',
    '只反馈此日期及以后结束的课程（留空=全部）',
    'Only e-mail results of courses ending on or after (blank = all)',
    { kind: 'date' },
    '',
    TRAINEE_MAIL,
  ),
  // QR check-in (扫码签到): how long before a session starts and after it ends its link admits a check-in.
  s(
    'checkin_open_minutes_before',
    '扫码签到：开课前多少分钟起有效',
    'QR check-in: minutes before a session starts that its link opens',
    { kind: 'integer', min: 0, max: 1440 },
    '30',
  ),
  s(
    'checkin_close_minutes_after',
    '扫码签到：下课后多少分钟内有效',
    'QR check-in: minutes after a session ends that its link still admits',
    { kind: 'integer', min: 0, max: 1440 },
    '30',
  ),
  ...EMAIL_KINDS.flatMap((kind) =>
    (['subject', 'body'] as const).map((part) =>
      s(
        templateSettingKey(kind, part),
        `${TEMPLATE_LABELS[kind].zh}邮件${part === 'subject' ? '标题' : '正文'}模板`,
        `${TEMPLATE_LABELS[kind].en} e-mail ${part} template`,
        longText,
        DEFAULT_TEMPLATES[kind]['zh-CN'][part],
        [kind],
      ),
    ),
  ),
  // ── Appraisal (issue 17 part 3): the cadence and the bonus-point rules; excellent_bonus_points above counts per 优秀.
  s(
    'appraisal_cadence',
    '绩效考核周期（月度/季度/半年度/年度）',
    'Appraisal cadence (monthly, quarterly, half-yearly, yearly)',
    { kind: 'choice', choices: APPRAISAL_CADENCES },
    '季度',
  ),
  s(
    'appraisal_points_passed',
    '每通过一门课程绩效加分',
    'Appraisal bonus points per course passed',
    { kind: 'number', min: 0, max: 100 },
    '1',
  ),
  s(
    'appraisal_points_absence',
    '每次无故缺勤绩效扣分',
    'Appraisal points taken off per unexcused absence',
    { kind: 'number', min: 0, max: 100 },
    '1',
  ),
  // Certificates (issue 17 part 1): the PDF's texts; a value that cannot be read falls back to the default.
  ...Object.values(CERTIFICATE_TEXTS).map((text) =>
    s(text.key, text.label.zh, text.label.en, { kind: 'text', maxLength: 1000 }, text.defaults['zh-CN']),
  ),
];
