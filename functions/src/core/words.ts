// Grading facts in the reader's words: components, statuses and reasons with their numbers, in zh-CN or English.
import { COMPONENTS, type Choice } from '../../../sheets-templates/index.js';
import type { LevelProgress } from './grading/certification.js';
import { roundHalfUp } from './grading/decimal.js';
import type { Why } from './grading/rows.js';
import type { Component } from './model.js';
import type { Language } from './problems.js';

/** The label of a choice value in the language; a value no list knows is shown as it is. */
export function choiceText(choices: readonly Choice[], value: string, language: Language): string {
  const choice = choices.find((candidate) => candidate.value === value);
  if (choice === undefined) return value;
  return language === 'en' ? choice.label.en : choice.label.zh;
}

/** 62.5%: one decimal at most, as every e-mail and tab writes a rate. */
export function percentText(rate: number | null, none = '—'): string {
  return rate === null || !Number.isFinite(rate) ? none : `${roundHalfUp(rate * 100, 1)}%`;
}

export function listText(items: readonly string[], language: Language): string {
  return items.join(language === 'en' ? ', ' : '、');
}

/** 考试、案例分析 / Exam, Case analysis. */
export function componentsText(components: readonly Component[], language: Language): string {
  return listText(
    components.map((component) => choiceText(COMPONENTS, component, language)),
    language,
  );
}

const fixed1 = (value: number) => value.toFixed(1);

/** One reason with its numbers: 出勤率 62.5%，低于 80%. */
export function whyText(why: Why, language: Language): string {
  const en = language === 'en';
  switch (why.kind) {
    case 'below_pass_mark':
      return en
        ? `total ${fixed1(why.total)} is below the pass mark of ${why.passMark}`
        : `总评 ${fixed1(why.total)} 分，低于合格线 ${why.passMark} 分`;
    case 'missing':
      return en ? `no score for ${componentsText(why.components, language)}` : `缺少考核项：${componentsText(why.components, language)}`;
    case 'attendance':
      return en
        ? `attendance ${percentText(why.rate)}, below the required ${percentText(why.min)}`
        : `出勤率 ${percentText(why.rate)}，低于 ${percentText(why.min)}`;
    case 'attempts_used':
      return en ? `all ${why.max} attempts used` : `已考核 ${why.attempts} 次，达到最多 ${why.max} 次`;
    case 'window_closed':
      return en ? `the retake deadline ${why.deadline} has passed` : `补考期限 ${why.deadline} 已过`;
  }
}

export function whyListText(reasons: readonly Why[], language: Language): string {
  return reasons.map((why) => whyText(why, language)).join(language === 'en' ? '; ' : '；');
}

const trim = (value: number) => String(Number(value.toFixed(2)));

/** 2/3 门 · 16/24 学时, or 已认定 when the roster level credits it. */
export function progressText(level: LevelProgress, language: Language): string {
  const en = language === 'en';
  if (level.credited) return en ? 'credited (roster level)' : '已认定（名册层级）';
  if (level.required === 0) return en ? 'no course of this level in the plan' : '计划中暂无该级课程';
  const courses = en ? `${level.passed}/${level.required} courses` : `${level.passed}/${level.required} 门`;
  const hours = en ? `${trim(level.hours)}/${trim(level.requiredHours)} h` : `${trim(level.hours)}/${trim(level.requiredHours)} 学时`;
  return `${courses} · ${hours}${level.reached ? ' ✓' : ''}`;
}
