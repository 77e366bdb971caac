// What a trainee reads about a check-in link or code that is refused, in both languages (Chinese first on the page).
import type { CheckinRefusal } from './token.js';

export const REFUSAL_TEXT: Readonly<Record<CheckinRefusal | 'unknown_session' | 'off', { zh: string; en: string }>> = {
  malformed: {
    zh: '这不是有效的签到链接，请重新扫描现场的签到二维码。',
    en: 'This is not a check-in link; scan the QR code in the room again.',
  },
  bad_signature: {
    zh: '签到链接无效或已被改动，请重新扫描现场的签到二维码。',
    en: 'This check-in link is not genuine or was altered; scan the QR code in the room again.',
  },
  not_yet_open: {
    zh: '本课次尚未开放签到，请在临近开课时再扫码。',
    en: 'Check-in for this session is not open yet; scan again shortly before it starts.',
  },
  closed: {
    zh: '本课次签到已结束，如需补签请联系培训管理员。',
    en: 'Check-in for this session is over; ask the training staff to record your attendance.',
  },
  unknown_session: {
    zh: '课程安排中没有这一课次，请联系培训管理员。',
    en: 'This session is not in the session schedule; ask the training staff.',
  },
  off: {
    zh: '扫码签到尚未启用（未配置 CHECKIN_SECRET），请联系培训管理员。',
    en: 'QR check-in is not set up (CHECKIN_SECRET is not configured); ask the training staff.',
  },
};

export type RefusalCode = keyof typeof REFUSAL_TEXT;
