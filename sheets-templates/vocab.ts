// Allowed values of every dropdown, with the words in both languages that people may type for them.
import type { Choice } from './types.js';

const c = (value: string, zh: string, en: string): Choice => ({ value, label: { zh, en } });

export const LEVELS = [c('助理级', '助理级', 'Assistant'), c('专业级', '专业级', 'Professional'), c('高级', '高级', 'Senior')] as const;

export const DIRECTIONS = [c('对公', '对公', 'Corporate'), c('对私', '对私', 'Retail'), c('通用', '通用', 'General')] as const;

/** Directions a trainee can be enrolled in; 通用 is a course property, not a career track. */
export const TRAINEE_DIRECTIONS = [DIRECTIONS[0], DIRECTIONS[1]] as const;

export const THEORY_COMPONENTS = [c('exam', '考试', 'Exam'), c('paper', '论文', 'Paper'), c('classroom', '课堂提问', 'Classroom')] as const;

export const PRACTICE_COMPONENTS = [
  c('project', '项目作业', 'Project'),
  c('case', '案例分析', 'Case analysis'),
  c('simulation', '模拟演练', 'Simulation'),
  c('performance', '岗位表现', 'On-the-job performance'),
] as const;

export const COMPONENTS = [...THEORY_COMPONENTS, ...PRACTICE_COMPONENTS] as const;

export const CATEGORIES = [
  c('基础知识', '基础知识', 'Foundations'),
  c('营销技能', '营销技能', 'Marketing skills'),
  c('客户关系', '客户关系', 'Client relationships'),
  c('风险合规', '风险合规', 'Risk and compliance'),
  c('财富管理', '财富管理', 'Wealth management'),
  c('综合素质', '综合素质', 'Professional skills'),
] as const;

export const METHODS = [
  c('面授', '面授', 'Classroom'),
  c('线上', '线上', 'Online'),
  c('案例研讨', '案例研讨', 'Case workshop'),
  c('情景模拟', '情景模拟', 'Role play'),
  c('岗位实践', '岗位实践', 'On the job'),
] as const;

export const INSTRUCTOR_TYPES = [c('内训师', '内训师', 'Internal'), c('外聘', '外聘', 'External')] as const;

export const APPROVALS = [c('待审批', '待审批', 'Pending'), c('已批准', '已批准', 'Approved'), c('已驳回', '已驳回', 'Declined')] as const;

export const TRAINEE_STATUSES = [
  c('在训', '在训', 'Active'),
  c('暂停', '暂停', 'Suspended'),
  c('结业', '结业', 'Graduated'),
  c('退出', '退出', 'Withdrawn'),
] as const;

export const ATTENDANCE_STATUSES = [
  c('出勤', '出勤', 'Present'),
  c('迟到', '迟到', 'Late'),
  c('缺勤', '缺勤', 'Absent'),
  c('请假', '请假', 'On leave'),
] as const;

export const BANDS = [
  c('优秀', '优秀', 'Excellent'),
  c('良好', '良好', 'Good'),
  c('合格', '合格', 'Pass'),
  c('不合格', '不合格', 'Fail'),
] as const;

export const COURSE_STATUSES = [
  c('进行中', '进行中', 'In progress'),
  c('通过', '通过', 'Passed'),
  c('优秀', '优秀', 'Excellent'),
  c('补考', '补考', 'Retake'),
  c('重修/辅导', '重修/辅导', 'Failed — re-training and tutoring'),
  c('缺考', '缺考', 'Missing'),
] as const;

export const RETAKE_REASONS = [
  c('总评不合格', '总评不合格', 'Total below pass mark'),
  c('缺少考核项', '缺少考核项', 'Missing component'),
  c('出勤不足', '出勤不足', 'Attendance'),
] as const;

/** Certification levels reached, as the Archive shows them. */
export const CERTIFICATION_LEVELS = [
  c('助理级', '助理级', 'Assistant'),
  c('专业级·对公', '专业级·对公', 'Professional · Corporate'),
  c('专业级·对私', '专业级·对私', 'Professional · Retail'),
  c('高级', '高级', 'Senior'),
] as const;

export const SUBMISSION_KINDS = [
  c('score', '成绩', 'Score'),
  c('attendance', '考勤', 'Attendance'),
  c('leave', '请假', 'Leave'),
  c('evaluation', '评估', 'Evaluation'),
  c('enrollment', '报名', 'Enrollment'),
] as const;

export const REJECTION_SOURCES = [c('submission', '表单提交', 'Form submission'), c('tab', '表格行', 'Sheet row')] as const;

/** pending: waiting for the hold; queued: handed to the mailer, outcome not yet logged; unconfirmed: interrupted and not verifiable. */
export const FEEDBACK_STATUSES = [
  c('pending', '待发送', 'Pending'),
  c('queued', '发送中', 'Queued'),
  c('sent', '已发送', 'Sent'),
  c('failed', '发送失败', 'Failed'),
  c('unconfirmed', '待核实', 'Unconfirmed'),
  /** Typed by staff to send a message again; the function sends it at its next run, then marks it sent. */
  c('resend', '重发', 'Resend'),
] as const;

export const FEEDBACK_KINDS = [
  c('result', '成绩反馈', 'Result'),
  c('retake', '补考通知', 'Retake notice'),
  c('excellent', '优秀表彰', 'Congratulations'),
  c('digest', '领导周报', "Leaders' digest"),
] as const;

export const LANGUAGES = [c('zh-CN', '简体中文', 'Chinese (Simplified)'), c('en', '英文', 'English')] as const;

/** The values of a choice list, for zod enums and dropdowns. */
export function values(choices: readonly Choice[]): string[] {
  return choices.map((choice) => choice.value);
}

// ── Appraisal (issue 17 part 3, 绩效考核挂钩) ───────────────────────────────────────────────────────────
/** How often HR appraises: the Appraisal tab has one row per trainee and period of this cadence. */
export const APPRAISAL_CADENCES = [
  c('月度', '月度', 'Monthly'),
  c('季度', '季度', 'Quarterly'),
  c('半年度', '半年度', 'Half-yearly'),
  c('年度', '年度', 'Yearly'),
] as const;

/** An Appraisal row against the last export of its trainee and period. */
export const APPRAISAL_MARKS = [
  c('未导出', '未导出', 'Not exported'),
  c('已变更', '已变更', 'Changed since export'),
  c('已导出', '已导出', 'Exported'),
] as const;

// ── Certificates (issue 17 part 1) ──
/** Kinds of certificate: a course passed, an excellent result, a certification level reached. */
export const CERTIFICATE_KINDS = [
  c('结业证书', '结业证书', 'Certificate of completion'),
  c('优秀学员荣誉证书', '优秀学员荣誉证书', 'Certificate of excellence'),
  c('认证证书', '认证证书', 'Certification'),
] as const;
