// The local check-in page (扫码签到): a form for the trainee id, and the answers to it; Chinese first, then English, for phones.
import { Html, html } from './html.js';
import { REFUSAL_TEXT, type RefusalCode } from './words.js';

/** A session as the page shows it. */
export interface SessionView {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly session: number;
  /** `2026-03-02 09:00–12:00`, in the Settings zone. */
  readonly when: string;
  readonly room?: string;
}

export type CheckinAnswer =
  | { readonly kind: 'accepted' | 'duplicate'; readonly traineeId: string }
  | { readonly kind: 'rejected'; readonly traineeId: string; readonly errors: readonly string[] };

const STYLE = `
body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1f2933}
main{max-width:28rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.5rem 0}
.en{color:#52606d;font-size:.9rem;margin:.1rem 0 .8rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
dl{margin:0}dt{color:#52606d;font-size:.85rem;margin-top:.6rem}dd{margin:0;font-size:1.05rem}
label{display:block;margin-top:1rem;font-weight:600}
input[type=text]{box-sizing:border-box;width:100%;font-size:1.25rem;padding:.7rem;margin-top:.4rem;border:1px solid #9aa5b1;border-radius:.5rem}
button{width:100%;font-size:1.2rem;padding:.8rem;margin-top:1rem;border:0;border-radius:.5rem;background:#c62828;color:#fff}
.ok{border-left:.4rem solid #2e7d32}.warn{border-left:.4rem solid #f9a825}.bad{border-left:.4rem solid #c62828}
ul{padding-left:1.2rem}`;

/** Headers that go with every page: nothing may run, frame it or leak the signed link to another site. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function page(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.markup;
}

function sessionFacts(view: SessionView): Html {
  return html`<dl>
    <dt>课程 Course</dt>
    <dd>${view.courseTitle}（${view.courseId}）</dd>
    <dt>课次 Session</dt>
    <dd>第 ${view.session} 次 · Session ${view.session}</dd>
    <dt>时间 Time</dt>
    <dd>${view.when}</dd>
    ${
      view.room === undefined || view.room === ''
        ? undefined
        : html`<dt>地点 Room</dt>
            <dd>${view.room}</dd>`
    }
  </dl>`;
}

function formCard(view: SessionView, link: Readonly<Record<string, string>>, traineeId: string): Html {
  const hidden = Object.entries(link).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`);
  return html`<div class="card">
    ${sessionFacts(view)}
    <form method="post">
      ${hidden}
      <label for="trainee_id">学员编号 <span class="en">Trainee ID</span></label>
      <input
        type="text"
        id="trainee_id"
        name="trainee_id"
        value="${traineeId}"
        required
        maxlength="64"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        autofocus
      />
      <button type="submit">签到 Check in</button>
    </form>
  </div>`;
}

/** The form: the signed link's fields go back as they came; the trainee types only the id. */
export function checkinFormPage(view: SessionView, link: Readonly<Record<string, string>>): string {
  return page(
    '扫码签到 Check-in',
    html`<h1>扫码签到</h1>
      <p class="en">Check-in</p>
      ${formCard(view, link, '')}`,
  );
}

const ANSWERS = {
  accepted: { zh: '签到成功', en: 'Checked in', tone: 'ok' },
  duplicate: { zh: '您已签到，无需重复签到', en: 'You are already checked in for this session', tone: 'warn' },
  rejected: { zh: '签到未成功', en: 'Check-in not recorded', tone: 'bad' },
} as const;

/** What the trainee reads after pressing 签到: recorded, already recorded, or why not (with the form again, to correct the id). */
export function checkinAnswerPage(view: SessionView, answer: CheckinAnswer, link: Readonly<Record<string, string>>): string {
  const words = ANSWERS[answer.kind];
  const errors =
    answer.kind === 'rejected'
      ? html`<ul>
          ${answer.errors.map((error) => html`<li>${error}</li>`)}
        </ul>`
      : undefined;
  const head = html`<div class="card ${words.tone}">
    <h1>${words.zh}</h1>
    <p class="en">${words.en}</p>
    <p>学员编号 Trainee ID：<strong>${answer.traineeId}</strong></p>
    ${errors}
  </div>`;
  const rest = answer.kind === 'rejected' ? formCard(view, link, answer.traineeId) : html`<div class="card">${sessionFacts(view)}</div>`;
  return page(`${words.zh} ${words.en}`, html`${head}${rest}`);
}

/** A link that does not admit a check-in: why, in both languages. */
export function checkinRefusedPage(code: RefusalCode): string {
  const text = REFUSAL_TEXT[code];
  return page(
    '无法签到 Check-in refused',
    html`<div class="card bad">
      <h1>无法签到</h1>
      <p>${text.zh}</p>
      <p class="en">${text.en}</p>
    </div>`,
  );
}
