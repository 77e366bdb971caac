// Seeded, realistic sample rows for the source tabs, so a fresh workbook shows every grading scenario at once.
import { DateTime } from 'luxon';
import { COMPONENTS } from '../../../sheets-templates/index.js';
import type { Component, Direction, Level } from '../core/model.js';
import type { RowRecord } from '../core/table.js';

type Row = Record<string, string | number | null>;
type Approval = '待审批' | '已批准' | '已驳回';

interface CourseSpec {
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
const COURSES: readonly CourseSpec[] = [
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
const TRAINEES: readonly (readonly [no: number, name: string, pinyin: string, direction: '对公' | '对私'])[] = [
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

const BRANCHES = ['北京分行', '上海分行', '广州分行', '深圳分行', '杭州分行', '成都分行'] as const;
const STAFF = ['马丽', '何志刚'] as const;
const EMAIL_DOMAIN = 'bank.example';

// The scenarios every demo and manual test relies on, pinned to fixed people so they survive any seed.
const EXCELLENT = new Set([2, 10, 19, 28, 34]);
const STATUS: ReadonlyMap<number, '暂停' | '退出'> = new Map([
  [25, '暂停'],
  [37, '退出'],
]);
/** Promoted at the start of the year while finishing 助理级, so this trainee sits in two cohorts. */
const TWO_COHORTS = { trainee: 12, level: '专业级', cohort: '专业级-1期', enrolled: '02-26' } as const;
/**
 * Joined through the enrollment form in June: the 助理级 courses that ended before are not theirs, and
 * course 6 (started 06-15) counts from the joined date.
 */
const JOINER = {
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
const ATTEMPTS: readonly { trainee: number; course: number; attempts: readonly (readonly [number, number])[] }[] = [
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
const MISSING: readonly { trainee: number; course: number; component: Component }[] = [{ trainee: 30, course: 12, component: 'paper' }];
const ABSENCES: readonly { trainee: number; course: number; count: number }[] = [
  { trainee: 3, course: 4, count: 3 },
  { trainee: 18, course: 9, count: 3 },
];
/** session 0 means the latest session already held, so a pending request stays recent. */
const LEAVES: readonly { trainee: number; course: number; session: number; approval: Approval; reason: string }[] = [
  { trainee: 16, course: 6, session: 3, approval: '已批准', reason: '家中老人住院，需要陪护' },
  { trainee: 24, course: 9, session: 5, approval: '已驳回', reason: '临时安排客户授信尽调' },
  { trainee: 36, course: 18, session: 0, approval: '待审批', reason: '参加分行季度经营分析会' },
];
const LEAVE_REASONS = [
  '身体不适，需就医',
  '孩子生病需要照顾',
  '外出拜访重点客户',
  '参加分行年度体检',
  '家中有急事',
  '配合监管检查准备材料',
];
/** An online course the trainees rated clearly worse, so the summary has something to flag. */
const POORLY_RATED = 13;
const GOOD_COMMENTS = [
  '案例贴近一线业务，回去就能用',
  '讲师经验丰富，讲解清晰',
  '希望增加实操演练的课时',
  '课件资料很有帮助，建议提前发放',
  '分组讨论气氛好，收获很大',
  '建议多安排同业优秀案例分享',
];
const POOR_COMMENTS = ['线上直播经常卡顿，互动太少', '内容偏理论，和实际营销场景结合不够', '课时安排太紧，来不及消化', '希望改为线下面授'];

/** mulberry32: tiny, fast and good enough for sample data; keeps output reproducible per seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** k distinct items, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return items.filter((_, i) => chosen.has(i));
  }
}

interface Course {
  readonly spec: CourseSpec;
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly practice: number;
  readonly sessionDates: readonly string[];
  /** Sessions before today: today's session is not recorded yet, so no sample timestamp lies in the future. */
  readonly held: number;
  readonly ended: boolean;
  readonly approved: boolean;
}

interface RosterEntry {
  readonly no: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly branch: string;
  readonly level: Level;
  readonly direction: '对公' | '对私';
  readonly cohort: string;
  readonly status: '在训' | '暂停' | '退出';
  readonly submission?: { readonly id: string; readonly at: string };
  /** ISO date the trainee joined; absent: from the start of the year. */
  readonly joined?: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function addDays(date: string, days: number): string {
  const result = DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate();
  if (result === null) throw new Error(`invalid date ${date}`);
  return result;
}

function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/** Shanghai has no daylight saving, so a fixed +08:00 offset is exact. */
function at(date: string, hour: number, minute: number): string {
  return `${date}T${pad(hour, 2)}:${pad(minute, 2)}:00+08:00`;
}

/** Sessions spread evenly over the course window, moved off weekends when that keeps them in order. */
function sessionDates(start: string, end: string, sessions: number): string[] {
  const span = daysBetween(start, end);
  const dates: string[] = [];
  for (let i = 0; i < sessions; i += 1) {
    const planned = addDays(start, sessions === 1 ? 0 : Math.round((i * span) / (sessions - 1)));
    const weekday = DateTime.fromISO(planned, { zone: 'UTC' }).weekday;
    const moved = weekday === 6 ? addDays(planned, -1) : weekday === 7 ? addDays(planned, 1) : planned;
    const previous = dates[dates.length - 1];
    dates.push(moved >= start && moved <= end && (previous === undefined || moved > previous) ? moved : planned);
  }
  return dates;
}

function buildCourses(year: number, today: string): Course[] {
  return COURSES.map((spec) => {
    const start = `${year}-${spec.start}`;
    const end = `${year}-${spec.end}`;
    const dates = sessionDates(start, end, spec.sessions);
    return {
      spec,
      id: `C${year}-${pad(spec.no, 2)}`,
      start,
      end,
      // Rounded so that theory + practice is exactly 1 and reads cleanly in the sheet.
      practice: Math.round((1 - spec.theory) * 10) / 10,
      sessionDates: dates,
      held: dates.filter((date) => date < today).length,
      ended: end < today,
      approved: spec.pending !== true,
    };
  });
}

function buildRoster(year: number, today: string): RosterEntry[] {
  const traineeId = (no: number) => `CM${year}${pad(no, 3)}`;
  const entries: RosterEntry[] = TRAINEES.map(([no, name, pinyin, direction], i) => {
    const level: Level = no <= 16 ? '助理级' : no <= 32 ? '专业级' : '高级';
    const cohort = level === '助理级' ? `助理级-${no <= 8 ? 1 : 2}期` : `${level}-1期`;
    return {
      no,
      id: traineeId(no),
      name,
      email: `${pinyin}@${EMAIL_DOMAIN}`,
      branch: BRANCHES[i % BRANCHES.length] ?? BRANCHES[0],
      level,
      direction,
      cohort: `${year}-${cohort}`,
      status: STATUS.get(no) ?? '在训',
    };
  });
  const first = entries.find((entry) => entry.no === TWO_COHORTS.trainee);
  const enrolled = `${year}-${TWO_COHORTS.enrolled}`;
  if (first && enrolled < today) {
    // The second cohort came in through the enrollment form, so it carries a submission id.
    entries.push({
      ...first,
      level: TWO_COHORTS.level,
      cohort: `${year}-${TWO_COHORTS.cohort}`,
      submission: { id: 'sample-enrollment-0001', at: at(enrolled, 10, 15) },
      joined: enrolled,
    });
  }
  const joined = `${year}-${JOINER.joined}`;
  if (joined < today) {
    entries.push({
      no: JOINER.no,
      id: traineeId(JOINER.no),
      name: JOINER.name,
      email: `${JOINER.pinyin}@${EMAIL_DOMAIN}`,
      branch: JOINER.branch,
      level: JOINER.level,
      direction: JOINER.direction,
      cohort: `${year}-${JOINER.cohort}`,
      status: '在训',
      submission: { id: 'sample-enrollment-0002', at: at(joined, 9, 40) },
      joined,
    });
  }
  return entries;
}

/** Active roster rows whose level and direction match the course and who joined before it ended, one per trainee. */
function participants(course: Course, roster: readonly RosterEntry[]): RosterEntry[] {
  const seen = new Set<string>();
  return roster.filter((entry) => {
    const match =
      entry.status === '在训' &&
      entry.level === course.spec.level &&
      (course.spec.direction === '通用' || entry.direction === course.spec.direction) &&
      (entry.joined === undefined || course.end >= entry.joined) &&
      !seen.has(entry.id);
    if (match) seen.add(entry.id);
    return match;
  });
}

const pairKey = (traineeNo: number, courseNo: number) => `${traineeNo}|${courseNo}`;

/**
 * Rows of the source tabs by tab name, as staff and forms would have filled them by `today`. Scenario
 * people and courses are fixed so demos can point at them; the seed only varies scores, lateness and answers.
 */
export function sampleRows(options?: { year?: number; seed?: number; today?: string }): Map<string, RowRecord[]> {
  const year = options?.year ?? 2026;
  const seed = options?.seed ?? 1;
  const today = options?.today ?? `${year}-11-23`;
  if (!DateTime.fromISO(today).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be yyyy-MM-dd, got ${today}`);
  const random = new Random(seed);
  const courses = buildCourses(year, today);
  const roster = buildRoster(year, today);

  const counters = new Map<string, number>();
  const nextId = (kind: string) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `sample-${kind}-${pad(n, 4)}`;
  };

  const plan: Row[] = courses.map((course) => ({
    course_id: course.id,
    title: course.spec.title,
    category: course.spec.category,
    method: course.spec.method,
    level: course.spec.level,
    direction: course.spec.direction,
    instructor: course.spec.instructor,
    instructor_type: course.spec.instructorType,
    start_date: course.start,
    end_date: course.end,
    hours: course.spec.hours,
    sessions: course.spec.sessions,
    theory_weight: course.spec.theory,
    practice_weight: course.practice,
    // As staff type them: the components' Chinese names.
    required_components: course.spec.components
      .map((component) => COMPONENTS.find((c) => c.value === component)?.label.zh ?? component)
      .join(','),
    pass_mark: course.spec.passMark ?? null,
    min_attendance: course.spec.minAttendance ?? null,
    max_attempts: course.spec.maxAttempts ?? null,
    approval: course.approved ? '已批准' : '待审批',
  }));

  const rosterRows: Row[] = roster.map((entry) => ({
    trainee_id: entry.id,
    name: entry.name,
    email: entry.email,
    branch: entry.branch,
    level: entry.level,
    direction: entry.direction,
    cohort: entry.cohort,
    status: entry.status,
    submission_id: entry.submission?.id ?? null,
    submitted_at: entry.submission?.at ?? null,
    joined_on: entry.joined ?? null,
  }));

  // A trainee's general ability makes their scores consistent across courses, as real results are.
  const ability = new Map<number, number>();
  for (const [no] of TRAINEES) ability.set(no, EXCELLENT.has(no) ? 93 + random.float() * 3 : 70 + random.float() * 18);

  const attendance: Row[] = [];
  const leave: Row[] = [];
  const scores: Row[] = [];
  const evaluations: Row[] = [];
  const scripted = new Set([...ABSENCES, ...LEAVES].map((event) => pairKey(event.trainee, event.course)));
  const attempts = new Map(ATTEMPTS.map((entry) => [pairKey(entry.trainee, entry.course), entry.attempts]));
  const missing = new Map(MISSING.map((entry) => [pairKey(entry.trainee, entry.course), entry.component]));

  for (const course of courses) {
    if (!course.approved || course.held === 0) continue;
    const people = participants(course, roster);
    const heldDates = course.sessionDates.slice(0, course.held);

    const statuses = new Map<number, string[]>();
    const leaves: { trainee: RosterEntry; session: number; approval: Approval; reason: string }[] = [];
    for (const trainee of people) {
      const row: string[] = heldDates.map(() => (random.chance(0.06) ? '迟到' : '出勤'));
      const key = pairKey(trainee.no, course.spec.no);
      for (const absence of ABSENCES.filter((event) => pairKey(event.trainee, event.course) === key)) {
        for (const session of random.sample([...row.keys()].slice(1), absence.count)) row[session] = '缺勤';
      }
      for (const request of LEAVES.filter((event) => pairKey(event.trainee, event.course) === key)) {
        const session = request.session === 0 ? course.held : request.session;
        if (session > course.held) continue;
        row[session - 1] = '请假';
        leaves.push({ trainee, session, approval: request.approval, reason: request.reason });
      }
      // One stray absence or leave at most, and only where it cannot push the rate under a threshold.
      const eligible = !scripted.has(key) && course.held >= 6 && course.spec.minAttendance === undefined;
      if (eligible && random.chance(0.08)) {
        const session = random.int(2, course.held);
        if (random.chance(0.5)) row[session - 1] = '缺勤';
        else {
          row[session - 1] = '请假';
          leaves.push({ trainee, session, approval: '已批准', reason: random.pick(LEAVE_REASONS) });
        }
      }
      statuses.set(trainee.no, row);
    }

    // Instructors record a whole session at once, right after it ends; nobody is recorded before joining.
    heldDates.forEach((date, i) => {
      for (const trainee of people) {
        if (trainee.joined !== undefined && date < trainee.joined) continue;
        attendance.push({
          submission_id: nextId('attendance'),
          submitted_at: at(date, 17, random.int(0, 59)),
          course_id: course.id,
          trainee_id: trainee.id,
          session: i + 1,
          session_date: date,
          status: statuses.get(trainee.no)?.[i] ?? '出勤',
          recorded_by: course.spec.instructor,
        });
      }
    });

    for (const request of leaves) {
      const date = course.sessionDates[request.session - 1] ?? course.start;
      leave.push({
        submission_id: nextId('leave'),
        submitted_at: at(addDays(date, -random.int(1, 3)), random.int(9, 20), random.int(0, 59)),
        course_id: course.id,
        trainee_id: request.trainee.id,
        session: request.session,
        leave_date: date,
        reason: request.reason,
        approval: request.approval,
        approver: request.approval === '待审批' ? null : random.pick(STAFF),
      });
    }

    const floor = (course.spec.passMark ?? 60) + 2;
    const normalScore = (trainee: RosterEntry) => {
      const excellent = EXCELLENT.has(trainee.no);
      const value = Math.round((ability.get(trainee.no) ?? 80) + (random.float() - 0.5) * 14);
      return excellent ? Math.min(100, Math.max(90, value)) : Math.min(98, Math.max(floor, value));
    };
    const score = (trainee: RosterEntry, component: Component, attempt: number, value: number, date: string) => {
      scores.push({
        submission_id: nextId('score'),
        submitted_at: at(date, random.int(9, 18), random.int(0, 59)),
        trainee_id: trainee.id,
        course_id: course.id,
        component,
        attempt,
        score: value,
        assessor: course.spec.instructor,
      });
    };
    const middle = course.sessionDates[Math.floor(course.spec.sessions / 2)] ?? course.end;

    if (course.ended) {
      for (const trainee of people) {
        const key = pairKey(trainee.no, course.spec.no);
        const ranges = attempts.get(key);
        for (const component of course.spec.components) {
          if (missing.get(key) === component) continue;
          const first = ranges?.[0];
          score(
            trainee,
            component,
            1,
            first ? random.int(...first) : normalScore(trainee),
            component === 'classroom' ? middle : course.end,
          );
        }
        ranges?.slice(1).forEach((range, i) => {
          const date = addDays(course.end, 6 * (i + 1) + random.int(0, 1));
          if (date >= today) return;
          for (const component of course.spec.components) score(trainee, component, i + 2, random.int(...range), date);
        });
      }
    } else if (course.spec.components.includes('classroom') && course.held >= 2) {
      // A running course has only the marks given in class so far.
      const last = heldDates[heldDates.length - 1] ?? course.start;
      for (const trainee of people) score(trainee, 'classroom', 1, normalScore(trainee), last);
    }

    if (course.ended) {
      const poor = course.spec.no === POORLY_RATED;
      const rating = () => {
        const r = random.float();
        if (poor) return r < 0.25 ? 2 : r < 0.75 ? 3 : 4;
        return r < 0.5 ? 5 : r < 0.9 ? 4 : 3;
      };
      for (const trainee of people) {
        if (!random.chance(0.7)) continue;
        const answered = addDays(course.end, random.int(0, Math.min(3, daysBetween(course.end, today) - 1)));
        const anonymous = random.chance(0.3);
        const comment = random.chance(poor ? 0.5 : 0.2) ? random.pick(poor ? POOR_COMMENTS : GOOD_COMMENTS) : null;
        evaluations.push({
          submission_id: nextId('evaluation'),
          submitted_at: at(answered, random.int(9, 21), random.int(0, 59)),
          course_id: course.id,
          trainee_id: anonymous ? null : trainee.id,
          goal_achievement: rating(),
          content_practicality: rating(),
          method_effectiveness: rating(),
          instructor_level: rating(),
          overall_satisfaction: rating(),
          comment,
        });
      }
    }
  }

  return new Map<string, RowRecord[]>([
    ['Plan', plan],
    ['Roster', rosterRows],
    ['Attendance', attendance],
    ['Leave', leave],
    ['Scores', scores],
    ['Evaluations', evaluations],
  ]);
}
