// The fixed sample year: its courses, trainees and the scenarios every demo and manual test points at.
import type { Approval, Component, Direction, Level } from '../core/model.js';

export interface CourseSpec {
  readonly no: number;
  readonly title: string;
  readonly category: string;
  readonly method: string;
  readonly level: Level;
  readonly direction: Direction;
  readonly instructor: string;
  readonly instructorType: '内训师' | '外聘';
  /** Month and day; the year comes from the options so the same plan serves any year. */
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly sessions: number;
  readonly theory: number;
  readonly components: readonly Component[];
  readonly passMark?: number;
  readonly minAttendance?: number;
  readonly maxAttempts?: number;
  readonly pending?: true;
}

// Dates are chosen so that with the default today (11-23) most courses have ended, two are running
// (18, 19) and one pending course (15) has not started; every start and end falls on a weekday in 2026.
// Every 专业级 course has ended, so 专业级 trainees who passed them all are certified; 助理级 and 高级 each
// have a course still running, so their trainees are one course away.
export const COURSES: readonly CourseSpec[] = [
  {
    no: 1,
    title: '银行客户经理概论',
    category: '基础知识',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '王建国',
    instructorType: '内训师',
    start: '03-02',
    end: '03-13',
    hours: 16,
    sessions: 4,
    theory: 0.7,
    components: ['exam', 'classroom', 'case'],
  },
  {
    no: 2,
    title: '反洗钱与合规操作',
    category: '风险合规',
    method: '线上',
    level: '助理级',
    direction: '通用',
    instructor: '刘海燕',
    instructorType: '内训师',
    start: '03-16',
    end: '04-10',
    hours: 12,
    sessions: 6,
    theory: 1,
    components: ['exam', 'classroom'],
    passMark: 70,
    maxAttempts: 3,
  },
  {
    no: 3,
    title: '商务礼仪与沟通技巧',
    category: '综合素质',
    method: '情景模拟',
    level: '助理级',
    direction: '通用',
    instructor: '黄晓雯',
    instructorType: '外聘',
    start: '04-13',
    end: '04-24',
    hours: 8,
    sessions: 4,
    theory: 0,
    components: ['simulation', 'performance'],
  },
  {
    no: 4,
    title: '客户开发与客户关系管理',
    category: '客户关系',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '李秀兰',
    instructorType: '内训师',
    start: '05-11',
    end: '06-05',
    hours: 24,
    sessions: 8,
    theory: 0.5,
    components: ['exam', 'project', 'case'],
  },
  {
    no: 5,
    title: '个人信贷业务实务',
    category: '基础知识',
    method: '案例研讨',
    level: '助理级',
    direction: '对私',
    instructor: '周文斌',
    instructorType: '内训师',
    start: '06-15',
    end: '07-10',
    hours: 20,
    sessions: 6,
    theory: 0.6,
    components: ['exam', 'case'],
  },
  {
    no: 6,
    title: '公司业务基础与结算产品',
    category: '基础知识',
    method: '面授',
    level: '助理级',
    direction: '对公',
    instructor: '赵立新',
    instructorType: '内训师',
    start: '06-15',
    end: '07-10',
    hours: 20,
    sessions: 6,
    theory: 0.6,
    components: ['exam', 'case'],
  },
  {
    no: 7,
    title: '商业银行营销实务与策略',
    category: '营销技能',
    method: '面授',
    level: '专业级',
    direction: '通用',
    instructor: '郑永明',
    instructorType: '外聘',
    start: '03-09',
    end: '04-03',
    hours: 24,
    sessions: 8,
    theory: 0.5,
    components: ['exam', 'paper', 'project'],
  },
  {
    no: 8,
    title: '对公业务营销技巧与案例',
    category: '营销技能',
    method: '案例研讨',
    level: '专业级',
    direction: '对公',
    instructor: '陈志强',
    instructorType: '内训师',
    start: '04-13',
    end: '05-15',
    hours: 24,
    sessions: 8,
    theory: 0.4,
    components: ['classroom', 'case', 'simulation'],
  },
  {
    no: 9,
    title: '公司信贷与授信审查',
    category: '风险合规',
    method: '面授',
    level: '专业级',
    direction: '对公',
    instructor: '赵立新',
    instructorType: '内训师',
    start: '06-01',
    end: '07-03',
    hours: 32,
    sessions: 10,
    theory: 0.6,
    components: ['exam', 'case'],
    minAttendance: 0.9,
  },
  {
    no: 10,
    title: '供应链金融产品实务',
    category: '营销技能',
    method: '案例研讨',
    level: '专业级',
    direction: '对公',
    instructor: '吴国庆',
    instructorType: '外聘',
    start: '09-21',
    end: '11-13',
    hours: 24,
    sessions: 8,
    theory: 0.5,
    components: ['exam', 'project'],
  },
  {
    no: 11,
    title: '零售业务风险管理',
    category: '风险合规',
    method: '面授',
    level: '专业级',
    direction: '对私',
    instructor: '刘海燕',
    instructorType: '内训师',
    start: '04-13',
    end: '05-15',
    hours: 24,
    sessions: 8,
    theory: 0.6,
    components: ['exam', 'case'],
  },
  {
    no: 12,
    title: '财富管理与资产配置',
    category: '财富管理',
    method: '面授',
    level: '专业级',
    direction: '对私',
    instructor: '孙丽华',
    instructorType: '内训师',
    start: '06-01',
    end: '07-03',
    hours: 32,
    sessions: 10,
    theory: 0.5,
    components: ['exam', 'paper', 'project'],
  },
  {
    no: 13,
    title: '金融市场与投资理财',
    category: '财富管理',
    method: '线上',
    level: '专业级',
    direction: '对私',
    instructor: '钱文杰',
    instructorType: '外聘',
    start: '09-07',
    end: '10-16',
    hours: 16,
    sessions: 8,
    theory: 0.7,
    components: ['exam', 'case'],
  },
  {
    no: 14,
    title: '数字化营销工具应用',
    category: '营销技能',
    method: '线上',
    level: '专业级',
    direction: '通用',
    instructor: '周文斌',
    instructorType: '内训师',
    start: '09-28',
    end: '11-06',
    hours: 16,
    sessions: 6,
    theory: 0.4,
    components: ['classroom', 'project'],
  },
  {
    no: 15,
    title: '银行产品交叉销售',
    category: '营销技能',
    method: '情景模拟',
    level: '专业级',
    direction: '通用',
    instructor: '李秀兰',
    instructorType: '内训师',
    start: '12-07',
    end: '12-18',
    hours: 12,
    sessions: 4,
    theory: 0.5,
    components: ['exam', 'simulation'],
    pending: true,
  },
  {
    no: 16,
    title: '大客户战略营销',
    category: '营销技能',
    method: '案例研讨',
    level: '高级',
    direction: '对公',
    instructor: '郑永明',
    instructorType: '外聘',
    start: '05-11',
    end: '06-12',
    hours: 24,
    sessions: 8,
    theory: 0.4,
    components: ['paper', 'case', 'performance'],
    passMark: 70,
  },
  {
    no: 17,
    title: '高净值客户综合服务',
    category: '财富管理',
    method: '面授',
    level: '高级',
    direction: '对私',
    instructor: '孙丽华',
    instructorType: '内训师',
    start: '08-10',
    end: '09-18',
    hours: 24,
    sessions: 8,
    theory: 0.5,
    components: ['exam', 'project'],
  },
  {
    no: 18,
    title: '团队管理与领导力',
    category: '综合素质',
    method: '面授',
    level: '高级',
    direction: '通用',
    instructor: '高志远',
    instructorType: '外聘',
    start: '10-19',
    end: '12-11',
    hours: 32,
    sessions: 12,
    theory: 0.4,
    components: ['paper', 'project', 'performance'],
  },
  {
    no: 19,
    title: '客户经理营销技能实训',
    category: '营销技能',
    method: '岗位实践',
    level: '助理级',
    direction: '通用',
    instructor: '陈志强',
    instructorType: '内训师',
    start: '10-12',
    end: '11-27',
    hours: 24,
    sessions: 6,
    theory: 0.3,
    components: ['classroom', 'performance'],
  },
];

// Numbers 1–16 are 助理级 (two cohorts of eight), 17–32 专业级, 33–40 高级; directions split evenly in each level.
export const TRAINEES: readonly (readonly [no: number, name: string, pinyin: string, direction: '对公' | '对私'])[] = [
  [1, '张伟', 'zhang.wei', '对公'],
  [2, '王芳', 'wang.fang', '对私'],
  [3, '李娜', 'li.na', '对公'],
  [4, '刘洋', 'liu.yang', '对私'],
  [5, '陈静', 'chen.jing', '对公'],
  [6, '杨磊', 'yang.lei', '对私'],
  [7, '赵敏', 'zhao.min', '对公'],
  [8, '黄俊', 'huang.jun', '对私'],
  [9, '周婷', 'zhou.ting', '对私'],
  [10, '吴昊', 'wu.hao', '对公'],
  [11, '徐丽', 'xu.li', '对私'],
  [12, '孙浩然', 'sun.haoran', '对私'],
  [13, '胡雪', 'hu.xue', '对公'],
  [14, '朱军', 'zhu.jun', '对公'],
  [15, '高鹏', 'gao.peng', '对私'],
  [16, '林晓燕', 'lin.xiaoyan', '对公'],
  [17, '何欣', 'he.xin', '对私'],
  [18, '郭强', 'guo.qiang', '对公'],
  [19, '马骁', 'ma.xiao', '对私'],
  [20, '罗佳琪', 'luo.jiaqi', '对公'],
  [21, '梁宇', 'liang.yu', '对公'],
  [22, '宋雨桐', 'song.yutong', '对私'],
  [23, '郑凯', 'zheng.kai', '对公'],
  [24, '谢婉清', 'xie.wanqing', '对公'],
  [25, '韩冬', 'han.dong', '对私'],
  [26, '唐诗雨', 'tang.shiyu', '对私'],
  [27, '冯志远', 'feng.zhiyuan', '对公'],
  [28, '于晓彤', 'yu.xiaotong', '对公'],
  [29, '董明', 'dong.ming', '对私'],
  [30, '萧雅', 'xiao.ya', '对私'],
  [31, '程立', 'cheng.li', '对公'],
  [32, '曹颖', 'cao.ying', '对私'],
  [33, '袁振华', 'yuan.zhenhua', '对公'],
  [34, '邓雅琴', 'deng.yaqin', '对私'],
  [35, '许文涛', 'xu.wentao', '对公'],
  [36, '傅晶', 'fu.jing', '对私'],
  [37, '沈一鸣', 'shen.yiming', '对公'],
  [38, '曾思远', 'zeng.siyuan', '对私'],
  [39, '彭海涛', 'peng.haitao', '对公'],
  [40, '吕晴', 'lv.qing', '对私'],
];

export const BRANCHES = ['北京分行', '上海分行', '广州分行', '深圳分行', '杭州分行', '成都分行'] as const;
export const STAFF = ['马丽', '何志刚'] as const;
export const EMAIL_DOMAIN = 'bank.example';

// The scenarios every demo and manual test relies on, pinned to fixed people so they survive any seed.
export const EXCELLENT = new Set([2, 10, 19, 28, 34]);
export const STATUS: ReadonlyMap<number, '暂停' | '退出'> = new Map([
  [25, '暂停'],
  [37, '退出'],
]);
/** Promoted at the start of the year while finishing 助理级, so this trainee sits in two cohorts. */
export const TWO_COHORTS = { trainee: 12, level: '专业级', cohort: '专业级-1期', enrolled: '02-26' } as const;
/**
 * Joined through the enrollment form in June: the 助理级 courses that ended before are not theirs, and
 * course 6 (started 06-15) counts from the joined date.
 */
export const JOINER = {
  no: 41,
  name: '钱进',
  pinyin: 'qian.jin',
  direction: '对公',
  level: '助理级',
  cohort: '助理级-2期',
  joined: '06-22',
  branch: '杭州分行',
} as const;
/** Score ranges per attempt; the first attempt fails, later ones are retakes within the retake window. */
export const ATTEMPTS: readonly { trainee: number; course: number; attempts: readonly (readonly [number, number])[] }[] = [
  {
    trainee: 5,
    course: 4,
    attempts: [
      [42, 56],
      [66, 80],
    ],
  },
  {
    trainee: 21,
    course: 7,
    attempts: [
      [40, 55],
      [68, 82],
    ],
  },
  {
    trainee: 14,
    course: 1,
    attempts: [
      [38, 52],
      [46, 57],
    ],
  },
  // Ended too recently for a retake: it is still open.
  { trainee: 27, course: 10, attempts: [[45, 57]] },
  // Above the default pass mark but under the course's 70, and it allows a third attempt.
  {
    trainee: 9,
    course: 2,
    attempts: [
      [61, 66],
      [63, 68],
      [76, 86],
    ],
  },
];
export const MISSING: readonly { trainee: number; course: number; component: Component }[] = [
  { trainee: 30, course: 12, component: 'paper' },
];
export const ABSENCES: readonly { trainee: number; course: number; count: number }[] = [
  { trainee: 3, course: 4, count: 3 },
  { trainee: 18, course: 9, count: 3 },
];
/** session 0 means the latest session already held, so a pending request stays recent. */
export const LEAVES: readonly { trainee: number; course: number; session: number; approval: Approval; reason: string }[] = [
  { trainee: 16, course: 6, session: 3, approval: '已批准', reason: '家中老人住院，需要陪护' },
  { trainee: 24, course: 9, session: 5, approval: '已驳回', reason: '临时安排客户授信尽调' },
  { trainee: 36, course: 18, session: 0, approval: '待审批', reason: '参加分行季度经营分析会' },
];
export const LEAVE_REASONS = [
  '身体不适，需就医',
  '孩子生病需要照顾',
  '外出拜访重点客户',
  '参加分行年度体检',
  '家中有急事',
  '配合监管检查准备材料',
];
/** An online course the trainees rated clearly worse, so the summary has something to flag. */
export const POORLY_RATED = 13;
export const GOOD_COMMENTS = [
  '案例贴近一线业务，回去就能用',
  '讲师经验丰富，讲解清晰',
  '希望增加实操演练的课时',
  '课件资料很有帮助，建议提前发放',
  '分组讨论气氛好，收获很大',
  '建议多安排同业优秀案例分享',
];
export const POOR_COMMENTS = [
  '线上直播经常卡顿，互动太少',
  '内容偏理论，和实际营销场景结合不够',
  '课时安排太紧，来不及消化',
  '希望改为线下面授',
];
