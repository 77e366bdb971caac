// One definition per tab of the training workbook: the single source for schemas, layout and form mapping.
import type { Choice, ColumnDef, ColumnType, TabDef } from './types.js';
import {
  APPRAISAL_MARKS,
  APPROVALS,
  ATTENDANCE_STATUSES,
  BANDS,
  CATEGORIES,
  COMPONENTS,
  COURSE_STATUSES,
  DIRECTIONS,
  FEEDBACK_KINDS,
  FEEDBACK_STATUSES,
  INSTRUCTOR_TYPES,
  LEVELS,
  METHODS,
  REJECTION_SOURCES,
  SUBMISSION_KINDS,
  TRAINEE_DIRECTIONS,
  TRAINEE_STATUSES,
  CERTIFICATE_KINDS,
} from './vocab.js';

interface ColumnOptions {
  readonly required?: boolean;
  readonly width?: number;
  readonly note?: { zh: string; en: string };
  readonly optionalHeader?: true;
}

function col(key: string, zh: string, en: string, type: ColumnType, options: ColumnOptions = {}): ColumnDef {
  return {
    key,
    label: { zh, en },
    type,
    required: options.required ?? false,
    ...(options.width === undefined ? {} : { width: options.width }),
    ...(options.note === undefined ? {} : { note: options.note }),
    ...(options.optionalHeader === undefined ? {} : { optionalHeader: options.optionalHeader }),
  };
}

const text = (maxLength: number): ColumnType => ({ kind: 'text', maxLength });
/** Trainee and course ids: `ＣＭ２０２６００２`, ` cm2026002 ` and `CM2026002` are one id. */
const id: ColumnType = { kind: 'text', maxLength: 64, identifier: true };
const int = (min: number, max: number): ColumnType => ({ kind: 'integer', min, max });
const num = (min: number, max: number): ColumnType => ({ kind: 'number', min, max });
/** A fraction from 0 to 1 that may be typed as 0.8 or 80%. */
const fraction: ColumnType = { kind: 'number', min: 0, max: 1, percent: true };
const choice = (choices: readonly Choice[]): ColumnType => ({ kind: 'choice', choices });
const date: ColumnType = { kind: 'date' };
const datetime: ColumnType = { kind: 'datetime' };
const req = { required: true } as const;

const submissionId = col('submission_id', '提交编号', 'Submission ID', text(200), {
  width: 24,
  note: { zh: '表单回复编号；同一编号只记一行', en: 'Form response id; the same id is one row' },
});
const submittedAt = col('submitted_at', '提交时间', 'Submitted at', datetime, { width: 26 });
const traineeId = (options: ColumnOptions = req) => col('trainee_id', '学员编号', 'Trainee ID', id, { width: 14, ...options });
const courseId = col('course_id', '课程编号', 'Course ID', id, { required: true, width: 14 });
const updatedAt = col('updated_at', '更新时间', 'Updated at', datetime, { width: 26 });
const rating = (key: string, zh: string, en: string) => col(key, zh, en, int(1, 5), { required: true, width: 12 });

export const SETTINGS_TAB: TabDef = {
  name: 'Settings',
  label: { zh: '参数设置', en: 'Settings' },
  role: 'source',
  columns: [
    col('key', '参数', 'Key', text(64), { required: true, width: 26 }),
    col('value', '取值', 'Value', text(4000), { width: 60 }),
    col('description', '说明', 'Description', text(400), { width: 50 }),
  ],
};

export const PLAN_TAB: TabDef = {
  name: 'Plan',
  label: { zh: '年度培训计划', en: 'Training plan' },
  role: 'source',
  columns: [
    courseId,
    col('title', '课程名称', 'Title', text(200), { required: true, width: 30 }),
    col('category', '课程类别', 'Category', choice(CATEGORIES), { required: true, width: 12 }),
    col('method', '培训方式', 'Method', choice(METHODS), { required: true, width: 12 }),
    col('level', '适用层级', 'Level', choice(LEVELS), { required: true, width: 10 }),
    col('direction', '业务方向', 'Direction', choice(DIRECTIONS), { required: true, width: 10 }),
    col('instructor', '讲师', 'Instructor', text(100), { required: true, width: 12 }),
    col('instructor_type', '讲师类型', 'Instructor type', choice(INSTRUCTOR_TYPES), { required: true, width: 10 }),
    col('start_date', '开始日期', 'Start date', date, { required: true, width: 12 }),
    col('end_date', '结束日期', 'End date', date, { required: true, width: 12 }),
    col('hours', '学时', 'Hours', num(0, 1000), { required: true, width: 8 }),
    col('sessions', '课次', 'Sessions', int(1, 500), { required: true, width: 8 }),
    col('theory_weight', '理论权重', 'Theory weight', fraction, { required: true, width: 10 }),
    col('practice_weight', '实践权重', 'Practice weight', fraction, { required: true, width: 10 }),
    col(
      'required_components',
      '考核项目',
      'Required components',
      { kind: 'choices', choices: COMPONENTS },
      {
        required: true,
        width: 28,
        note: { zh: '逗号分隔，如 考试,案例分析', en: 'Comma-separated, e.g. Exam, Case analysis' },
      },
    ),
    col('pass_mark', '合格分数线（可选）', 'Pass mark (optional)', num(0, 100), { width: 10 }),
    col('min_attendance', '最低出勤率（可选）', 'Minimum attendance (optional)', fraction, {
      width: 10,
      note: { zh: '如 0.8 或 80%', en: 'E.g. 0.8 or 80%' },
    }),
    col('max_attempts', '最多考核次数（可选）', 'Maximum attempts (optional)', int(1, 10), { width: 10 }),
    col('approval', '审批状态', 'Approval', choice(APPROVALS), { required: true, width: 10 }),
  ],
};

export const ROSTER_TAB: TabDef = {
  name: 'Roster',
  label: { zh: '学员名册', en: 'Roster' },
  role: 'source',
  idColumn: 'submission_id',
  columns: [
    traineeId(),
    col('name', '姓名', 'Name', text(50), { required: true, width: 10 }),
    col('email', '邮箱', 'E-mail', { kind: 'email' }, { required: true, width: 28 }),
    col('branch', '所属机构', 'Branch', text(100), { required: true, width: 14 }),
    col('level', '层级', 'Level', choice(LEVELS), { required: true, width: 10 }),
    col('direction', '业务方向', 'Direction', choice(TRAINEE_DIRECTIONS), { required: true, width: 10 }),
    col('cohort', '班次', 'Cohort', text(50), { required: true, width: 14 }),
    col('status', '状态', 'Status', choice(TRAINEE_STATUSES), { required: true, width: 8 }),
    submissionId,
    submittedAt,
    col('joined_on', '加入日期', 'Joined on', date, {
      width: 12,
      optionalHeader: true,
      note: {
        zh: '报名表单提交时自动填写；留空表示计划年度开始。此前结束的课程不计入该学员',
        en: 'Filled in by the enrollment form; blank means the start of the plan year. Courses that ended before it are not the trainee’s',
      },
    }),
  ],
};

export const ATTENDANCE_TAB: TabDef = {
  name: 'Attendance',
  label: { zh: '考勤记录', en: 'Attendance' },
  role: 'source',
  idColumn: 'submission_id',
  columns: [
    submissionId,
    submittedAt,
    courseId,
    traineeId(),
    col('session', '课次序号', 'Session', int(1, 500), { required: true, width: 8 }),
    col('session_date', '上课日期', 'Session date', date, { required: true, width: 12 }),
    col('status', '考勤状态', 'Status', choice(ATTENDANCE_STATUSES), { required: true, width: 10 }),
    col('recorded_by', '记录人', 'Recorded by', text(100), { width: 14 }),
    // QR check-in (扫码签到) on Google: the signed code a session's QR link pre-fills in the attendance form.
    col('checkin_code', '签到码', 'Check-in code', text(200), {
      width: 20,
      optionalHeader: true,
      note: {
        zh: '扫码签到时自动填写，请勿修改；教师录入考勤时留空',
        en: 'Filled in by the QR check-in link; leave blank when staff record attendance',
      },
    }),
  ],
};

export const LEAVE_TAB: TabDef = {
  name: 'Leave',
  label: { zh: '请假记录', en: 'Leave' },
  role: 'source',
  idColumn: 'submission_id',
  columns: [
    submissionId,
    submittedAt,
    courseId,
    traineeId(),
    col('session', '课次序号', 'Session', int(1, 500), { required: true, width: 8 }),
    col('leave_date', '请假日期', 'Leave date', date, { required: true, width: 12 }),
    col('reason', '请假事由', 'Reason', text(500), { required: true, width: 30 }),
    col('approval', '审批状态', 'Approval', choice(APPROVALS), {
      width: 10,
      note: { zh: '培训管理员审批；已批准的请假不计入出勤分母', en: 'Set by training staff; approved leave is excused' },
    }),
    col('approver', '审批人', 'Approver', text(100), { width: 12 }),
  ],
};

export const SCORES_TAB: TabDef = {
  name: 'Scores',
  label: { zh: '考核成绩', en: 'Scores' },
  role: 'source',
  idColumn: 'submission_id',
  columns: [
    submissionId,
    submittedAt,
    traineeId(),
    courseId,
    col('component', '考核项目', 'Component', choice(COMPONENTS), { required: true, width: 12 }),
    col('attempt', '考核次数', 'Attempt', int(1, 10), { required: true, width: 8 }),
    col('score', '分数', 'Score', num(0, 100), { required: true, width: 8 }),
    col('assessor', '评分人', 'Assessor', text(100), { width: 12 }),
  ],
};

export const EVALUATIONS_TAB: TabDef = {
  name: 'Evaluations',
  label: { zh: '培训评估', en: 'Evaluations' },
  role: 'source',
  idColumn: 'submission_id',
  columns: [
    submissionId,
    submittedAt,
    courseId,
    traineeId({ required: false, note: { zh: '留空表示匿名', en: 'Blank means anonymous' } }),
    rating('goal_achievement', '目标达成度', 'Goal achievement'),
    rating('content_practicality', '内容实用性', 'Content practicality'),
    rating('method_effectiveness', '方法有效性', 'Method effectiveness'),
    rating('instructor_level', '讲师水平', 'Instructor level'),
    rating('overall_satisfaction', '总体满意度', 'Overall satisfaction'),
    col('comment', '意见建议', 'Comment', text(2000), { width: 40 }),
  ],
};

const rate = fraction;
const count = int(0, 10_000_000);
const score = num(0, 100);
const avgRating = num(0, 5);

export const GRADES_TAB: TabDef = {
  name: 'Grades',
  label: { zh: '成绩汇总', en: 'Grades' },
  role: 'derived',
  columns: [
    traineeId(),
    col('name', '姓名', 'Name', text(50), { width: 10 }),
    col('branch', '所属机构', 'Branch', text(100), { width: 14 }),
    col('cohort', '班次', 'Cohort', text(50), { width: 14 }),
    courseId,
    col('course_title', '课程名称', 'Course title', text(200), { width: 30 }),
    col('theory', '理论成绩', 'Theory', score, { width: 10 }),
    col('practice', '实践成绩', 'Practice', score, { width: 10 }),
    col('total', '总评', 'Total', score, { width: 8 }),
    col('band', '等级', 'Band', choice(BANDS), { width: 8 }),
    col('attendance_rate', '出勤率', 'Attendance rate', rate, { width: 10 }),
    col('attempt', '考核次数', 'Attempt', int(0, 10), { width: 8 }),
    col('status', '状态', 'Status', choice(COURSE_STATUSES), { width: 14 }),
    col('missing_components', '缺少考核项', 'Missing components', { kind: 'choices', choices: COMPONENTS }, { width: 20 }),
    col('reasons', '原因', 'Reasons', text(1000), {
      width: 40,
      optionalHeader: true,
      note: { zh: '未通过的原因及数据，成绩反馈暂缓时注明', en: 'Why the course is not passed, and why its e-mail waits' },
    }),
  ],
};

export const RETAKES_TAB: TabDef = {
  name: 'Retakes',
  label: { zh: '补考名单', en: 'Retakes' },
  role: 'derived',
  columns: [
    traineeId(),
    col('name', '姓名', 'Name', text(50), { width: 10 }),
    col('email', '邮箱', 'E-mail', { kind: 'email' }, { width: 28 }),
    col('branch', '所属机构', 'Branch', text(100), { width: 14 }),
    courseId,
    col('course_title', '课程名称', 'Course title', text(200), { width: 30 }),
    col('reasons', '原因', 'Reasons', text(1000), { width: 40 }),
    col('components', '补考项目', 'To retake', text(200), { width: 20, optionalHeader: true }),
    col('total', '总评', 'Total', score, { width: 8 }),
    col('attendance_rate', '出勤率', 'Attendance rate', rate, { width: 10 }),
    col('next_attempt', '补考次数', 'Next attempt', int(1, 10), { width: 8 }),
    col('deadline', '补考截止日期', 'Deadline', date, { width: 12 }),
  ],
};

export const SUMMARY_TAB: TabDef = {
  name: 'Summary',
  label: { zh: '领导看板', en: 'Summary' },
  role: 'derived',
  columns: [
    col('section', '板块', 'Section', text(20), { width: 10 }),
    col('item', '项目', 'Item', text(200), { width: 30 }),
    col('trainees', '学员数', 'Trainees', count, { width: 8 }),
    col('courses', '课程数', 'Courses', count, { width: 8 }),
    col('graded', '已评定', 'Graded', count, { width: 8 }),
    col('passed', '通过人次', 'Passed', count, { width: 8 }),
    col('pass_rate', '通过率', 'Pass rate', rate, { width: 8 }),
    col('average', '平均分', 'Average', score, { width: 8 }),
    col('excellent', '优秀人次', 'Excellent', count, { width: 8 }),
    col('open_retakes', '待补考', 'Open retakes', count, { width: 8 }),
    col('attendance_rate', '出勤率', 'Attendance rate', rate, { width: 8 }),
    col('response_rate', '评估回收率', 'Evaluation response rate', rate, { width: 10 }),
    col('responses', '评估份数', 'Evaluations', count, { width: 8 }),
    col('goal_achievement', '目标达成度', 'Goal achievement', avgRating, { width: 10 }),
    col('content_practicality', '内容实用性', 'Content practicality', avgRating, { width: 10 }),
    col('method_effectiveness', '方法有效性', 'Method effectiveness', avgRating, { width: 10 }),
    col('instructor_level', '讲师水平', 'Instructor level', avgRating, { width: 10 }),
    col('overall_satisfaction', '总体满意度', 'Overall satisfaction', avgRating, { width: 10 }),
    col('held', '暂缓反馈', 'Results held', count, {
      width: 8,
      optionalHeader: true,
      note: { zh: '数据问题中有相关行、暂不发送反馈邮件的成绩数', en: 'Results whose e-mails wait for a row in Problems' },
    }),
    col('notes', '说明', 'Notes', text(1000), { width: 40, optionalHeader: true }),
    updatedAt,
  ],
};

export const ARCHIVE_TAB: TabDef = {
  name: 'Archive',
  label: { zh: '培训档案', en: 'Archive' },
  role: 'derived',
  columns: [
    col('year', '年度', 'Year', int(2000, 2100), { width: 8 }),
    traineeId(),
    col('name', '姓名', 'Name', text(50), { width: 10 }),
    col('branch', '所属机构', 'Branch', text(100), { width: 14 }),
    col('courses_enrolled', '参训课程数', 'Courses enrolled', count, { width: 10 }),
    col('courses_passed', '通过课程数', 'Courses passed', count, { width: 10 }),
    col('hours_earned', '获得学时', 'Hours earned', num(0, 100_000), { width: 10 }),
    col('average_total', '平均总评', 'Average total', score, { width: 10 }),
    col('excellent_count', '优秀次数', 'Excellent count', count, { width: 10 }),
    col('bonus_points', '绩效加分', 'Bonus points', num(0, 10_000), { width: 10 }),
    col('unexcused_absences', '无故缺勤次数', 'Unexcused absences', count, { width: 10 }),
    col('certification_level', '认证等级', 'Certification level', text(40), { width: 14 }),
    col('assistant_progress', '助理级进度', 'Assistant progress', text(100), {
      width: 20,
      optionalHeader: true,
      note: { zh: '已通过/应修课程门数 · 已获/应获学时', en: 'Courses passed / required · hours earned / required' },
    }),
    col('professional_progress', '专业级进度', 'Professional progress', text(100), { width: 20, optionalHeader: true }),
    col('senior_progress', '高级进度', 'Senior progress', text(100), { width: 20, optionalHeader: true }),
    col('next_courses', '下一等级待通过课程', 'Still to pass for the next level', text(1000), { width: 40, optionalHeader: true }),
  ],
};

export const REJECTED_TAB: TabDef = {
  name: 'Rejected',
  label: { zh: '退回记录', en: 'Rejected entries' },
  role: 'derived',
  columns: [
    col('rejected_at', '退回时间', 'Rejected at', datetime, { required: true, width: 26 }),
    col('source', '来源', 'Source', choice(REJECTION_SOURCES), { required: true, width: 10 }),
    col('submission_id', '提交编号', 'Submission ID', text(200), { width: 24 }),
    col('kind', '类型', 'Kind', text(20), { width: 10 }),
    col('tab', '工作表', 'Tab', text(40), { width: 12 }),
    col('row', '行号', 'Row', int(1, 10_000_000), { width: 8 }),
    col('reasons', '退回原因', 'Reasons', text(4000), { required: true, width: 60 }),
    col('raw', '原始内容', 'Raw entry', text(40_000), { width: 60 }),
  ],
};

/**
 * Sheet rows (and Plan courses) a recompute could not use, with the reasons: derived, rewritten whole by
 * every recompute. Kept apart from Rejected, which only ever grows, so that a recompute can never
 * overwrite a rejected submission another instance appended meanwhile.
 */
export const PROBLEMS_TAB: TabDef = {
  name: 'Problems',
  label: { zh: '数据问题', en: 'Data problems' },
  role: 'derived',
  columns: [
    col('found_at', '发现时间', 'Found at', datetime, { required: true, width: 26 }),
    col('tab', '工作表', 'Tab', text(40), { required: true, width: 12 }),
    col('row', '行号', 'Row', int(1, 10_000_000), { width: 8 }),
    col('submission_id', '提交编号', 'Submission ID', text(200), { width: 24 }),
    col('reasons', '问题', 'Problems', text(4000), { required: true, width: 60 }),
    col('raw', '原始内容', 'Raw row', text(40_000), { width: 60 }),
  ],
};

export const FEEDBACK_LOG_TAB: TabDef = {
  name: 'FeedbackLog',
  label: { zh: '反馈邮件记录', en: 'Feedback log' },
  role: 'derived',
  idColumn: 'feedback_key',
  columns: [
    col('feedback_key', '反馈编号', 'Feedback key', text(300), {
      required: true,
      width: 40,
      note: { zh: '同一编号只发送一次；删除此行会重新发送', en: 'A key is sent once; deleting its row sends it again' },
    }),
    col('kind', '邮件类型', 'Kind', choice(FEEDBACK_KINDS), { required: true, width: 10 }),
    traineeId({}),
    col('course_id', '课程编号', 'Course ID', id, { width: 14 }),
    col('email', '收件人', 'Recipient', { kind: 'email' }, { width: 28 }),
    col('subject', '邮件标题', 'Subject', text(400), { width: 40 }),
    col('status', '发送状态', 'Status', choice(FEEDBACK_STATUSES), { required: true, width: 10 }),
    col('first_seen_at', '生成时间', 'First seen at', datetime, { width: 26 }),
    col('tries', '尝试次数', 'Tries', int(0, 1000), { width: 8 }),
    col('next_try_at', '下次尝试', 'Next try at', datetime, { width: 26 }),
    col('sent_at', '发送时间', 'Sent at', datetime, { width: 26 }),
    col('message_id', '邮件标识', 'Message-ID', text(400), { width: 30 }),
    col('provider_id', '服务商编号', 'Provider id', text(400), { width: 24 }),
    col('error', '错误信息', 'Error', text(2000), { width: 40 }),
  ],
};

/** The Google Forms that feed the source tabs, one per submission kind, and the state of their watches. */
export const FORMS_TAB: TabDef = {
  name: 'Forms',
  label: { zh: '表单', en: 'Forms' },
  role: 'derived',
  idColumn: 'kind',
  columns: [
    col('kind', '类型', 'Kind', choice(SUBMISSION_KINDS), { required: true, width: 12 }),
    col('form_id', '表单编号', 'Form ID', text(200), { required: true, width: 30 }),
    col('title', '表单名称', 'Title', text(200), { width: 30 }),
    col('responder_url', '填写链接', 'Responder URL', text(1000), { width: 40 }),
    col('edit_url', '编辑链接', 'Edit URL', text(1000), { width: 40 }),
    col('watch_id', '监听编号', 'Watch ID', text(200), { width: 20 }),
    col('watch_expires_at', '监听到期', 'Watch expires at', datetime, { width: 26 }),
    col('checkpoint', '已处理至', 'Processed up to', datetime, {
      width: 26,
      note: { zh: '此时间之前提交的回复已处理', en: 'Responses submitted up to this time are processed' },
    }),
    updatedAt,
  ],
};

// ── Appraisal (issue 17 part 3, 绩效考核挂钩) ───────────────────────────────────────────────────────────

/** Per trainee and appraisal period (Settings appraisal_cadence): what HR takes into the appraisal. Rewritten by every recompute. */
export const APPRAISAL_TAB: TabDef = {
  name: 'Appraisal',
  label: { zh: '绩效考核', en: 'Appraisal' },
  role: 'derived',
  columns: [
    col('period', '考核周期', 'Period', text(10), {
      required: true,
      width: 10,
      note: { zh: '如 2026-M07、2026-Q3、2026-H2、2026', en: 'E.g. 2026-M07, 2026-Q3, 2026-H2, 2026' },
    }),
    traineeId(),
    col('name', '姓名', 'Name', text(50), { width: 10 }),
    col('branch', '所属机构', 'Branch', text(100), { width: 14 }),
    col('training_hours', '培训学时', 'Training hours', num(0, 100_000), {
      width: 10,
      note: {
        zh: '每门课程：计划学时 × 本期出勤课次 ÷ 课次数（迟到算出勤，请假不算）',
        en: 'Per course: planned hours × sessions attended in the period ÷ sessions (late counts, leave does not)',
      },
    }),
    col('courses_passed', '通过课程数', 'Courses passed', count, {
      width: 10,
      note: { zh: '按课程结束日期计入周期', en: 'Counted in the period of the course end date' },
    }),
    col('excellent_count', '优秀次数', 'Excellent results', count, { width: 10 }),
    col('bonus_points', '绩效加分', 'Bonus points', num(-100_000, 100_000), {
      width: 10,
      note: { zh: '按参数设置中的加分规则计算，可为负', en: 'By the bonus-point rules in Settings; may be negative' },
    }),
    col('unexcused_absences', '无故缺勤次数', 'Unexcused absences', count, { width: 10 }),
    col('export_mark', '导出标记', 'Export mark', choice(APPRAISAL_MARKS), {
      width: 14,
      note: { zh: '与上次导出相比：未导出、导出后有变更或已导出', en: 'Against the last export: not exported, changed since, or exported' },
    }),
    col('exported_at', '上次导出时间', 'Last exported at', datetime, { width: 26 }),
  ],
};

/**
 * What each appraisal export handed to HR, one row per trainee and period: appended by the export, never
 * rewritten, so the Appraisal tab's mark survives its recomputes. The latest row of a trainee and period wins.
 */
export const APPRAISAL_EXPORTS_TAB: TabDef = {
  name: 'AppraisalExports',
  label: { zh: '绩效导出记录', en: 'Appraisal exports' },
  role: 'derived',
  idColumn: 'export_key',
  columns: [
    col('export_key', '记录编号', 'Record key', text(300), { required: true, width: 40 }),
    col('exported_at', '导出时间', 'Exported at', datetime, { required: true, width: 26 }),
    col('period', '考核周期', 'Period', text(10), { required: true, width: 10 }),
    traineeId(),
    col('fingerprint', '导出内容', 'Exported figures', text(200), {
      required: true,
      width: 30,
      note: {
        zh: '学时|通过课程数|优秀次数|绩效加分|无故缺勤次数',
        en: 'Hours|courses passed|excellent|bonus points|unexcused absences',
      },
    }),
  ],
};

// ── QR check-in (扫码签到) ────────────────────────────────────────────────────────────────────────────
/**
 * When and where each session of a course takes place: the check-in link of a session is valid from a little
 * before it starts to a little after it ends. A source tab of its own, not Plan columns: a course has many
 * sessions, each on its own day and time. Only check-in reads it, so a workbook without it still opens.
 */
export const SESSIONS_TAB: TabDef = {
  name: 'Sessions',
  label: { zh: '课程安排', en: 'Sessions' },
  role: 'source',
  columns: [
    courseId,
    col('session', '课次序号', 'Session', int(1, 500), { required: true, width: 8 }),
    col('starts_at', '开始时间', 'Starts at', datetime, {
      required: true,
      width: 20,
      note: { zh: '如 2026-03-02 09:00（按时区设置）', en: 'E.g. 2026-03-02 09:00 (in the Settings time zone)' },
    }),
    col('ends_at', '结束时间', 'Ends at', datetime, { required: true, width: 20 }),
    col('room', '上课地点', 'Room', text(100), { width: 16 }),
  ],
};

// ── Certificates (issue 17 part 1) ──────────────────────────────────────────────────────────────────────
/**
 * Certificates issued, one row each: derived, but a register, not a recomputed view. A recompute carries every
 * row forward as it is and appends the newly due, so a serial once issued is never issued again or changed.
 * The serial's check code covers the row's facts: an edited name or date no longer verifies.
 */
export const CERTIFICATES_TAB: TabDef = {
  name: 'Certificates',
  label: { zh: '证书', en: 'Certificates' },
  role: 'derived',
  idColumn: 'serial',
  columns: [
    col('serial', '证书编号', 'Serial', text(64), {
      required: true,
      width: 30,
      note: { zh: '编号末段为校验码，可在 /certificates/编号 核验', en: 'The last part is a check code; verify at /certificates/<serial>' },
    }),
    traineeId(),
    col('name', '姓名', 'Name', text(50), { width: 10 }),
    col('kind', '证书类型', 'Kind', choice(CERTIFICATE_KINDS), { required: true, width: 18 }),
    col('course_id', '课程编号', 'Course ID', id, { width: 14 }),
    col('subject', '课程或等级', 'Course or level', text(200), { width: 30 }),
    col('issued_at', '颁发时间', 'Issued at', datetime, { required: true, width: 26 }),
    col('file', '文件', 'File', text(1000), { width: 40 }),
    col('note', '备注', 'Note', text(1000), { width: 40 }),
  ],
};
// ── end of Certificates ─────────────────────────────────────────────────────────────────────────────────

export const SOURCE_TABS = [SETTINGS_TAB, PLAN_TAB, ROSTER_TAB, ATTENDANCE_TAB, LEAVE_TAB, SCORES_TAB, EVALUATIONS_TAB] as const;
export const DERIVED_TABS = [
  GRADES_TAB,
  RETAKES_TAB,
  SUMMARY_TAB,
  ARCHIVE_TAB,
  REJECTED_TAB,
  PROBLEMS_TAB,
  FEEDBACK_LOG_TAB,
  FORMS_TAB,
  APPRAISAL_TAB,
  APPRAISAL_EXPORTS_TAB,
  CERTIFICATES_TAB,
] as const;
/** Every tab, in workbook order: leaders' summary first, then the tabs staff work in. */
export const ALL_TABS: readonly TabDef[] = [
  SUMMARY_TAB,
  ...SOURCE_TABS,
  SESSIONS_TAB,
  GRADES_TAB,
  RETAKES_TAB,
  ARCHIVE_TAB,
  REJECTED_TAB,
  PROBLEMS_TAB,
  FEEDBACK_LOG_TAB,
  FORMS_TAB,
  APPRAISAL_TAB,
  APPRAISAL_EXPORTS_TAB,
  CERTIFICATES_TAB,
];

/** Which tab each kind of form submission lands in, and the columns the function fills itself. */
export const SUBMISSION_TARGETS = {
  score: SCORES_TAB,
  attendance: ATTENDANCE_TAB,
  leave: LEAVE_TAB,
  evaluation: EVALUATIONS_TAB,
  enrollment: ROSTER_TAB,
} as const satisfies Record<(typeof SUBMISSION_KINDS)[number]['value'], TabDef>;

export type SubmissionKind = keyof typeof SUBMISSION_TARGETS;

/** Columns a submission never answers: the function fills them from the envelope. */
export const ENVELOPE_COLUMNS: ReadonlySet<string> = new Set(['submission_id', 'submitted_at']);

/**
 * Columns of a target tab its form does not ask, because the submission handler fills them: who
 * recorded an entry comes from the submitter's e-mail, a leave request starts as 待审批 for staff to
 * decide, and an enrollment starts as 在训 on the day it is received.
 */
export const FUNCTION_FILLED_COLUMNS: Readonly<Record<SubmissionKind, ReadonlySet<string>>> = {
  score: new Set(['assessor']),
  attendance: new Set(['recorded_by']),
  leave: new Set(['approval', 'approver']),
  evaluation: new Set(),
  enrollment: new Set(['status', 'joined_on']),
};

export function tabByName(name: string): TabDef | undefined {
  return ALL_TABS.find((tab) => tab.name === name);
}
