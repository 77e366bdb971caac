// A time zone the way people say it in an e-mail: 北京时间 for Asia/Shanghai, not the IANA id.

/** Zones people name after a city rather than by their standard name. */
const SPOKEN: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  'Asia/Shanghai': { zh: '北京时间', en: 'Beijing time' },
  'Asia/Chongqing': { zh: '北京时间', en: 'Beijing time' },
  'Asia/Chungking': { zh: '北京时间', en: 'Beijing time' },
  'Asia/Harbin': { zh: '北京时间', en: 'Beijing time' },
  PRC: { zh: '北京时间', en: 'Beijing time' },
  'Asia/Hong_Kong': { zh: '香港时间', en: 'Hong Kong time' },
  'Asia/Macau': { zh: '澳门时间', en: 'Macau time' },
  'Asia/Taipei': { zh: '台北时间', en: 'Taipei time' },
};

/**
 * The spoken name, else the zone's long name in the language at `at` (日本标准时间, British Summer Time),
 * else the id.
 */
export function zoneName(zone: string, language: 'zh-CN' | 'en', at: Date): string {
  const spoken = SPOKEN[zone];
  if (spoken !== undefined) return language === 'en' ? spoken.en : spoken.zh;
  try {
    const parts = new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: 'long' }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}
