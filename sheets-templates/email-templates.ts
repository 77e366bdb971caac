// Default feedback e-mail templates in both languages, and the placeholders each kind of message may use.

export type EmailKind = 'result' | 'retake' | 'excellent' | 'digest';
export type TemplateLanguage = 'zh-CN' | 'en';

export interface EmailTemplate {
  readonly subject: string;
  readonly body: string;
}

/** Placeholders a template of each kind may name; any other `{{word}}` is a Settings error staff must fix. */
export const PLACEHOLDERS: Readonly<Record<EmailKind, readonly string[]>> = {
  result: [
    'name',
    'trainee_id',
    'course_id',
    'course_title',
    'attempt',
    'scores',
    'theory',
    'practice',
    'total',
    'band',
    'outcome',
    'attendance_rate',
    'rank',
    'pass_mark',
    'reasons',
    'next_steps',
  ],
  retake: [
    'name',
    'trainee_id',
    'course_id',
    'course_title',
    'reasons',
    'components',
    'total',
    'attendance_rate',
    'next_attempt',
    'deadline',
  ],
  excellent: ['name', 'trainee_id', 'course_id', 'course_title', 'total', 'bonus_points'],
  digest: ['week', 'headline', 'worst_courses', 'link', 'updated_at'],
};

/** Placeholders whose value is several lines (a table in the HTML part); they belong on a line of their own. */
export const BLOCK_PLACEHOLDERS: ReadonlySet<string> = new Set(['scores', 'headline', 'worst_courses']);

/**
 * Placeholders that are empty for some messages (a passed result has no reasons): a line holding only one
 * of them is left out when it is empty, so the e-mail has no stray label or blank line.
 */
export const OPTIONAL_LINE_PLACEHOLDERS: ReadonlySet<string> = new Set(['reasons']);

export const DEFAULT_TEMPLATES: Readonly<Record<EmailKind, Readonly<Record<TemplateLanguage, EmailTemplate>>>> = {
  result: {
    'zh-CN': {
      subject: '【培训反馈】{{course_title}}：{{outcome}}',
      body: [
        '{{name}}，您好：',
        '',
        '您参加的课程《{{course_title}}》（{{course_id}}）第 {{attempt}} 次考核结果如下：',
        '',
        '{{scores}}',
        '',
        '总评：{{total}} 分（{{band}}）',
        '出勤率：{{attendance_rate}}',
        '结果：{{outcome}}',
        '{{reasons}}',
        '在本课程中的名次：{{rank}}',
        '',
        '{{next_steps}}',
        '',
        '如对成绩有疑问，请直接回复本邮件。',
        '培训中心',
      ].join('\n'),
    },
    en: {
      subject: 'Training feedback: {{course_title}}: {{outcome}}',
      body: [
        'Dear {{name}},',
        '',
        'Here are your results for attempt {{attempt}} of the course "{{course_title}}" ({{course_id}}):',
        '',
        '{{scores}}',
        '',
        'Total: {{total}} ({{band}})',
        'Attendance: {{attendance_rate}}',
        'Outcome: {{outcome}}',
        '{{reasons}}',
        'Standing in the course: {{rank}}',
        '',
        '{{next_steps}}',
        '',
        'If you have a question about your results, reply to this e-mail.',
        'Training Centre',
      ].join('\n'),
    },
  },
  retake: {
    'zh-CN': {
      subject: '【补考通知】{{course_title}}',
      body: [
        '{{name}}，您好：',
        '',
        '您在课程《{{course_title}}》（{{course_id}}）的考核未达到要求，原因：{{reasons}}。',
        '目前总评：{{total}}；出勤率：{{attendance_rate}}。',
        '',
        '请参加第 {{next_attempt}} 次考核（补考），补考项目：{{components}}；截止时间：{{deadline}}。',
        '培训中心可为您安排专项辅导，如有需要请回复本邮件预约。',
        '',
        '培训中心',
      ].join('\n'),
    },
    en: {
      subject: 'Retake notice: {{course_title}}',
      body: [
        'Dear {{name}},',
        '',
        'Your assessment in the course "{{course_title}}" ({{course_id}}) did not meet the requirements: {{reasons}}.',
        'Current total: {{total}}; attendance: {{attendance_rate}}.',
        '',
        'Please sit attempt {{next_attempt}} (the retake) of {{components}} by {{deadline}}.',
        'Tutoring is available: reply to this e-mail to book a session.',
        '',
        'Training Centre',
      ].join('\n'),
    },
  },
  excellent: {
    'zh-CN': {
      subject: '【优秀学员】祝贺您在《{{course_title}}》中取得优秀成绩',
      body: [
        '{{name}}，您好：',
        '',
        '祝贺您以 {{total}} 分的成绩在课程《{{course_title}}》（{{course_id}}）中获评优秀学员！',
        '按照培训管理办法，本次成绩将计入绩效考核，加 {{bonus_points}} 分。',
        '',
        '感谢您的努力，期待您在工作中再创佳绩。',
        '培训中心',
      ].join('\n'),
    },
    en: {
      subject: 'Congratulations: an excellent result in "{{course_title}}"',
      body: [
        'Dear {{name}},',
        '',
        'Congratulations: with a total of {{total}} you are one of the excellent trainees of the course "{{course_title}}" ({{course_id}}).',
        'This result counts in your performance appraisal with {{bonus_points}} bonus points.',
        '',
        'Thank you for your work.',
        'Training Centre',
      ].join('\n'),
    },
  },
  digest: {
    'zh-CN': {
      subject: '【培训周报】{{week}}',
      body: [
        '各位领导：',
        '',
        '截至 {{updated_at}}，客户经理培训情况如下：',
        '',
        '{{headline}}',
        '',
        '通过率最低的课程：',
        '{{worst_courses}}',
        '',
        '完整看板：{{link}}',
        '',
        '培训中心',
      ].join('\n'),
    },
    en: {
      subject: 'Training weekly digest: {{week}}',
      body: [
        'Hello,',
        '',
        'Customer-manager training as of {{updated_at}}:',
        '',
        '{{headline}}',
        '',
        'Courses with the lowest pass rate:',
        '{{worst_courses}}',
        '',
        'Full summary: {{link}}',
        '',
        'Training Centre',
      ].join('\n'),
    },
  },
};

/**
 * Default texts of earlier releases. A Settings value equal to one was provisioned and never edited, so
 * the current default of the configured language is used instead: the improved texts reach old workbooks.
 */
export const EARLIER_DEFAULTS: readonly string[] = [
  // Result bodies before the reasons line.
  [
    '{{name}}，您好：',
    '',
    '您参加的课程《{{course_title}}》（{{course_id}}）第 {{attempt}} 次考核结果如下：',
    '',
    '{{scores}}',
    '',
    '总评：{{total}} 分（{{band}}）',
    '出勤率：{{attendance_rate}}',
    '结果：{{outcome}}',
    '在本课程中的名次：{{rank}}',
    '',
    '{{next_steps}}',
    '',
    '如对成绩有疑问，请直接回复本邮件。',
    '培训中心',
  ].join('\n'),
  [
    'Dear {{name}},',
    '',
    'Here are your results for attempt {{attempt}} of the course "{{course_title}}" ({{course_id}}):',
    '',
    '{{scores}}',
    '',
    'Total: {{total}} ({{band}})',
    'Attendance: {{attendance_rate}}',
    'Outcome: {{outcome}}',
    'Standing in the course: {{rank}}',
    '',
    '{{next_steps}}',
    '',
    'If you have a question about your results, reply to this e-mail.',
    'Training Centre',
  ].join('\n'),
  // Retake bodies before the components to sit.
  [
    '{{name}}，您好：',
    '',
    '您在课程《{{course_title}}》（{{course_id}}）的考核未达到要求，原因：{{reasons}}。',
    '目前总评：{{total}}；出勤率：{{attendance_rate}}。',
    '',
    '请参加第 {{next_attempt}} 次考核（补考），截止时间：{{deadline}}。',
    '培训中心可为您安排专项辅导，如有需要请回复本邮件预约。',
    '',
    '培训中心',
  ].join('\n'),
  [
    'Dear {{name}},',
    '',
    'Your assessment in the course "{{course_title}}" ({{course_id}}) did not meet the requirements: {{reasons}}.',
    'Current total: {{total}}; attendance: {{attendance_rate}}.',
    '',
    'Please sit attempt {{next_attempt}} (the retake) by {{deadline}}.',
    'Tutoring is available: reply to this e-mail to book a session.',
    '',
    'Training Centre',
  ].join('\n'),
];

/** The Settings key holding a template part, e.g. result_subject_template. */
export function templateSettingKey(kind: EmailKind, part: keyof EmailTemplate): string {
  return `${kind}_${part}_template`;
}
