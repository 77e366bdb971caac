// An in-memory Google Forms API for provisioning tests: create (title only, unpublished), get, batchUpdate, setPublishSettings, and who may respond.
import type { forms_v1 } from '@googleapis/forms';
import { type FakeRequest, type FakeResponse, guarded, InvalidRequest, NotFound, type Route } from './http-fake.js';

const EMAIL_COLLECTION = new Set(['EMAIL_COLLECTION_TYPE_UNSPECIFIED', 'DO_NOT_COLLECT', 'VERIFIED', 'RESPONDER_INPUT']);

const clone = <T>(value: T): T => structuredClone(value);

/** The one question kind an item has, checked as the API checks it. */
function checkQuestion(question: forms_v1.Schema$Question | undefined): void {
  if (!question) throw new InvalidRequest('questionItem.question is required');
  const kinds = [
    'choiceQuestion',
    'textQuestion',
    'scaleQuestion',
    'dateQuestion',
    'timeQuestion',
    'fileUploadQuestion',
    'rowQuestion',
    'ratingQuestion',
  ].filter((kind) => (question as Record<string, unknown>)[kind] !== undefined);
  if (kinds.length !== 1) throw new InvalidRequest(`a question needs exactly one kind, got ${kinds.join(', ') || 'none'}`);
  const choice = question.choiceQuestion;
  if (choice) {
    if (!['RADIO', 'CHECKBOX', 'DROP_DOWN'].includes(choice.type ?? ''))
      throw new InvalidRequest(`unknown choice type ${choice.type ?? ''}`);
    const options = (choice.options ?? []).map((option) => option.value ?? '');
    if (options.length === 0 || options.some((value) => value === '')) throw new InvalidRequest('choice options must be non-empty');
    if (new Set(options).size !== options.length) throw new InvalidRequest('choice options must be unique');
  }
  const scale = question.scaleQuestion;
  if (scale && (![0, 1].includes(scale.low ?? -1) || (scale.high ?? 0) < 2 || (scale.high ?? 0) > 10))
    throw new InvalidRequest('scale low must be 0 or 1 and high 2–10');
}

/** Why a respondent could not answer a form, or 'accepted'. */
export type ResponseOutcome = 'accepted' | 'not published' | 'not accepting responses' | 'no permission';

export interface FormsFakeOptions {
  /** Forms come without publish settings, as forms created before Google's publishing change. */
  readonly legacy?: boolean;
  /** Whether Drive lets this person answer the form (the Drive fake's canRespond): its published-reader permission. */
  readonly canRespond?: (formId: string, email: string) => boolean;
}

export class FormsFake {
  readonly forms = new Map<string, forms_v1.Schema$Form>();
  private created = 0;
  private objects = 0;

  constructor(private readonly options: FormsFakeOptions = {}) {}

  /**
   * A respondent opening the form's link and submitting, as Google decides it: a form created through the API
   * starts unpublished, and a published form takes answers only from those Drive lets answer it.
   */
  respond(formId: string, email: string): ResponseOutcome {
    const form = this.find(formId);
    const state = form.publishSettings?.publishState;
    if (form.publishSettings && state?.isPublished !== true) return 'not published';
    if (form.publishSettings && state?.isAcceptingResponses !== true) return 'not accepting responses';
    // A legacy form has no publish settings: who may answer it is the form's own setting, not Drive's.
    if (form.publishSettings && !(this.options.canRespond?.(formId, email) ?? false)) return 'no permission';
    return 'accepted';
  }

  routes(): Route[] {
    return [
      { method: 'POST', pattern: /^\/v1\/forms$/, handle: (request) => guarded(() => this.create(request)) },
      {
        method: 'GET',
        pattern: /^\/v1\/forms\/([^/:]+)$/,
        handle: (_request, match) => guarded(() => ({ status: 200, body: clone(this.find(match[1])) })),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/forms\/([^/:]+):batchUpdate$/,
        handle: (request, match) => guarded(() => this.batchUpdate(match[1] ?? '', request)),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/forms\/([^/:]+):setPublishSettings$/,
        handle: (request, match) => guarded(() => this.publish(match[1] ?? '', request)),
      },
    ];
  }

  private find(formId: string | undefined): forms_v1.Schema$Form {
    const form = this.forms.get(formId ?? '');
    if (!form) throw new NotFound();
    return form;
  }

  private create(request: FakeRequest): FakeResponse {
    const body = (request.body ?? {}) as forms_v1.Schema$Form;
    const extra = Object.keys(body).filter((key) => key !== 'info');
    const info = body.info ?? {};
    const extraInfo = Object.keys(info).filter((key) => key !== 'title' && key !== 'documentTitle');
    if (extra.length > 0 || extraInfo.length > 0) {
      throw new InvalidRequest(
        `Only info.title and info.document_title may be set when creating a form, not ${[...extra, ...extraInfo].join(', ')}`,
      );
    }
    if (!info.title) throw new InvalidRequest('info.title is required');
    this.created += 1;
    const formId = `fake-form-${this.created}`;
    const form: forms_v1.Schema$Form = {
      formId,
      info: { title: info.title, documentTitle: info.documentTitle ?? info.title },
      settings: {},
      revisionId: '00000001',
      responderUri: `https://docs.google.com/forms/d/e/${formId}-responder/viewform`,
      ...(this.options.legacy ? {} : { publishSettings: { publishState: { isPublished: false, isAcceptingResponses: false } } }),
    };
    this.forms.set(formId, form);
    // The create answer need not carry the publish settings (forms.get does): callers must not rely on them.
    const answer = clone(form);
    delete answer.publishSettings;
    return { status: 200, body: answer };
  }

  private batchUpdate(formId: string, request: FakeRequest): FakeResponse {
    const original = this.find(formId);
    const requests = ((request.body ?? {}) as forms_v1.Schema$BatchUpdateFormRequest).requests ?? [];
    if (requests.length === 0) throw new InvalidRequest('requests must not be empty');
    const form = clone(original);
    const replies = requests.map((entry, i) => {
      try {
        return this.apply(form, entry);
      } catch (error) {
        if (error instanceof InvalidRequest) throw new InvalidRequest(`requests[${i}]: ${error.message}`);
        throw error;
      }
    });
    form.revisionId = String(Number(form.revisionId ?? '0') + 1).padStart(8, '0');
    this.forms.set(formId, form);
    return { status: 200, body: { replies, writeControl: { requiredRevisionId: form.revisionId } } };
  }

  private apply(form: forms_v1.Schema$Form, entry: forms_v1.Schema$Request): forms_v1.Schema$Response {
    const kinds = Object.keys(entry).filter((key) => (entry as Record<string, unknown>)[key] !== undefined);
    if (kinds.length !== 1) throw new InvalidRequest(`a request must have exactly one kind, got ${kinds.join(', ') || 'none'}`);
    if (entry.createItem) {
      const item = clone(entry.createItem.item ?? {});
      const items = (form.items ??= []);
      const index = entry.createItem.location?.index;
      if (index === undefined || index === null || index < 0 || index > items.length) {
        throw new InvalidRequest(`location.index must be in [0, ${items.length}], got ${String(index)}`);
      }
      if (!item.title) throw new InvalidRequest('item.title is required');
      checkQuestion(item.questionItem?.question);
      this.objects += 1;
      item.itemId = `item-${this.objects}`;
      const questionId = `q-${this.objects}`;
      if (item.questionItem?.question) item.questionItem.question.questionId = questionId;
      items.splice(index, 0, item);
      return { createItem: { itemId: item.itemId, questionId: [questionId] } };
    }
    if (entry.updateFormInfo) {
      const mask = entry.updateFormInfo.updateMask ?? '';
      if (mask === '') throw new InvalidRequest('updateMask is required');
      const info = (form.info ??= {});
      for (const field of mask.split(',')) {
        if (field !== 'title' && field !== 'description') throw new InvalidRequest(`cannot update info.${field}`);
        info[field] = entry.updateFormInfo.info?.[field] ?? null;
      }
      return {};
    }
    if (entry.updateSettings) {
      if (entry.updateSettings.updateMask !== 'emailCollectionType') throw new InvalidRequest('the fake updates emailCollectionType only');
      const type = entry.updateSettings.settings?.emailCollectionType ?? '';
      if (!EMAIL_COLLECTION.has(type)) throw new InvalidRequest(`unknown emailCollectionType ${type}`);
      form.settings = { ...form.settings, emailCollectionType: type };
      return {};
    }
    throw new InvalidRequest(`the fake does not apply ${kinds[0] ?? 'this request'}`);
  }

  private publish(formId: string, request: FakeRequest): FakeResponse {
    const form = this.find(formId);
    if (!form.publishSettings) throw new InvalidRequest('Legacy forms do not support publish settings.');
    const body = (request.body ?? {}) as forms_v1.Schema$SetPublishSettingsRequest;
    const state = body.publishSettings?.publishState;
    if (typeof state?.isPublished !== 'boolean' || typeof state.isAcceptingResponses !== 'boolean') {
      throw new InvalidRequest('publishState needs both isPublished and isAcceptingResponses');
    }
    if (state.isAcceptingResponses && !state.isPublished) throw new InvalidRequest('An unpublished form cannot accept responses.');
    form.publishSettings = { publishState: { isPublished: state.isPublished, isAcceptingResponses: state.isAcceptingResponses } };
    return { status: 200, body: { formId, publishSettings: clone(form.publishSettings) } };
  }
}
