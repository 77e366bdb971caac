// The Settings tab's keys: every rule's default value, its type and its meaning in both languages.
import type { ColumnType, Label } from './types.js';
import { LANGUAGES } from './vocab.js';

export interface SettingDef {
  readonly key: string;
  readonly label: Label;
  readonly type: ColumnType | { readonly kind: 'boolean' } | { readonly kind: 'emails' } | { readonly kind: 'timezone' };
  readonly default: string;
}

const s = (key: string, zh: string, en: string, type: SettingDef['type'], value: string): SettingDef => ({
  key,
  label: { zh, en },
  type,
  default: value,
});

const longText = { kind: 'text', maxLength: 4000 } as const;

export const SETTINGS: readonly SettingDef[] = [
  s('pass_mark', '合格分数线', 'Pass mark', { kind: 'number', min: 0, max: 100 }, '60'),
  s('band_excellent', '优秀分数线', 'Excellent from', { kind: 'number', min: 0, max: 100 }, '90'),
  s('band_good', '良好分数线', 'Good from', { kind: 'number', min: 0, max: 100 }, '80'),
  s('min_attendance', '最低出勤率', 'Minimum attendance rate', { kind: 'number', min: 0, max: 1 }, '0.8'),
  s('max_attempts', '最多考核次数（含补考）', 'Maximum attempts (retakes included)', { kind: 'integer', min: 1, max: 10 }, '2'),
  s('retake_window_days', '补考期限（课程结束后天数）', 'Retake window (days after course end)', { kind: 'integer', min: 0, max: 365 }, '14'),
  s('retake_cap', '补考通过按合格线记分', 'Cap a passed retake at the pass mark', { kind: 'boolean' }, 'true'),
  s('excellent_bonus_points', '优秀学员绩效加分', 'Appraisal bonus points for an excellent trainee', { kind: 'number', min: 0, max: 100 }, '2'),
  s('time_zone', '时区', 'Time zone', { kind: 'timezone' }, 'Asia/Shanghai'),
  s('language', '语言', 'Language', { kind: 'choice', choices: LANGUAGES }, 'zh-CN'),
  s('leader_emails', '领导邮箱（逗号分隔）', 'Leader e-mails (comma-separated)', { kind: 'emails' }, ''),
  s(
    'email_subject_template',
    '反馈邮件标题模板',
    'Feedback e-mail subject template',
    longText,
    '【培训反馈】{{course_title}}：{{band}}',
  ),
  s(
    'email_body_template',
    '反馈邮件正文模板',
    'Feedback e-mail body template',
    longText,
    '{{name}}，您好：\n\n您参加的课程《{{course_title}}》考核结果如下：总评 {{total}} 分，等级 {{band}}，出勤率 {{attendance_rate}}。\n{{next_steps}}\n\n培训中心',
  ),
];
