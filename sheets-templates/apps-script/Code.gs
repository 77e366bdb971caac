// Sends each response of this form to the training function's POST /submissions; one form per kind, set up by install().

// Script properties (Project Settings → Script properties):
//   FUNCTION_URL  the function's URL, e.g. https://asia-east2-<project>.cloudfunctions.net/training
//   KIND          what this form records: score, attendance, leave, evaluation or enrollment
//   AUTH          "token" (default): send SUBMIT_TOKEN; "identity": send this script's Google identity token
//   SUBMIT_TOKEN  the function's SUBMIT_TOKEN (only with AUTH=token)
// Then run install() once from the editor. Logs say how each response was answered, never what it said.

/**
 * How long a response keeps being retried after a 429, a 5xx or no answer at all. Google's quotas refill each minute
 * and the function answers 429 with a Retry-After when they stay used up, so the retries run over minutes: an Apps
 * Script execution may run 6 minutes, and this leaves one for the rest.
 */
var RETRY_FOR_MS = 5 * 60 * 1000;
/** Wait before the first retry; each next waits twice as long, at most a minute: 5, 10, 20, 40, 60, 60 … s. */
var FIRST_RETRY_MS = 5000;
var MAX_RETRY_MS = 60000;

/** The installable trigger: one submission per form response. */
function onFormSubmit(e) {
  var settings = settings_(PropertiesService.getScriptProperties());
  var response = e.response;
  var body = {
    id: response.getId(),
    kind: settings.kind,
    submittedAt: response.getTimestamp().toISOString(),
    answers: namedValues_(response),
  };
  var submitter = response.getRespondentEmail();
  if (submitter) body.submitter = submitter;
  send_(settings, body);
}

/** Creates the onFormSubmit trigger of this form (replacing an earlier one), after checking the script properties. */
function install() {
  settings_(PropertiesService.getScriptProperties());
  var form = FormApp.getActiveForm();
  ScriptApp.getProjectTriggers().forEach(function (trigger) {
    if (trigger.getHandlerFunction() === 'onFormSubmit') ScriptApp.deleteTrigger(trigger);
  });
  ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
  console.log('onFormSubmit installed on form ' + form.getId());
}

/** Sends every response of the form again, e.g. after an outage; the ones already stored answer "duplicate". */
function resendAll() {
  var settings = settings_(PropertiesService.getScriptProperties());
  FormApp.getActiveForm()
    .getResponses()
    .forEach(function (response) {
      onFormSubmit({ response: response });
    });
  console.log('resent every response as ' + settings.kind);
}

/** Logs the audience and e-mail of this script's identity tokens, for the function's ID_TOKEN_AUDIENCES and ALLOWED_INVOKERS. */
function showIdentity() {
  var payload = ScriptApp.getIdentityToken().split('.')[1];
  var padded = payload + '===='.slice(0, (4 - (payload.length % 4)) % 4);
  var claims = JSON.parse(Utilities.newBlob(Utilities.base64DecodeWebSafe(padded)).getDataAsString());
  console.log('aud: ' + claims.aud + '  email: ' + claims.email);
}

function settings_(props) {
  var url = required_(props, 'FUNCTION_URL').replace(/\/+$/, '');
  var kind = required_(props, 'KIND').toLowerCase();
  var auth = (props.getProperty('AUTH') || 'token').trim().toLowerCase();
  if (auth !== 'token' && auth !== 'identity')
    throw new Error('Script property AUTH must be "token" (the default) or "identity", not "' + auth + '"');
  if (auth === 'token') required_(props, 'SUBMIT_TOKEN');
  return { url: url, kind: kind, auth: auth, props: props };
}

function required_(props, name) {
  var value = (props.getProperty(name) || '').trim();
  if (!value) throw new Error('Set the script property ' + name + ' (Project Settings → Script properties); see the top of Code.gs');
  return value;
}

/** The answers as e.namedValues names them: question title → list of answers; a grid row is "Title [Row]". */
function namedValues_(response) {
  var answers = {};
  response.getItemResponses().forEach(function (itemResponse) {
    var item = itemResponse.getItem();
    var value = itemResponse.getResponse();
    var rows = gridRows_(item);
    if (!rows) {
      add_(answers, item.getTitle(), value);
      return;
    }
    rows.forEach(function (row, i) {
      if (value[i] !== null && value[i] !== undefined && value[i] !== '') add_(answers, item.getTitle() + ' [' + row + ']', value[i]);
    });
  });
  return answers;
}

function gridRows_(item) {
  var type = item.getType();
  if (type === FormApp.ItemType.GRID) return item.asGridItem().getRows();
  if (type === FormApp.ItemType.CHECKBOX_GRID) return item.asCheckboxGridItem().getRows();
  return null;
}

function add_(answers, title, value) {
  var values = (Array.isArray(value) ? value : [value]).map(function (v) {
    // A date question with a time answers "2026-06-15 14:30"; the function reads ISO "2026-06-15T14:30", as for the Forms API watch.
    return String(v).replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/, '$1T$2');
  });
  answers[title] = (answers[title] || []).concat(values);
}

function bearer_(settings) {
  return settings.auth === 'identity' ? ScriptApp.getIdentityToken() : settings.props.getProperty('SUBMIT_TOKEN').trim();
}

/** POSTs the body, retrying what a later try may get through; throws when the function did not take it. */
function send_(settings, body) {
  var options = {
    method: 'post',
    contentType: 'application/json',
    headers: { Authorization: 'Bearer ' + bearer_(settings) },
    payload: JSON.stringify(body),
    muteHttpExceptions: true,
    followRedirects: false,
  };
  var code = 0;
  var status = '';
  var tries = 0;
  var started = Date.now();
  for (;;) {
    tries += 1;
    var retryAfter = null;
    try {
      var reply = UrlFetchApp.fetch(settings.url + '/submissions', options);
      code = reply.getResponseCode();
      status = statusOf_(reply.getContentText());
      retryAfter = retryAfterMs_(reply.getHeaders());
    } catch (error) {
      code = 0;
      status = 'no answer';
    }
    if (!(code === 0 || code === 429 || code >= 500)) break;
    var wait = retryAfter !== null ? retryAfter : Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, tries - 1));
    if (Date.now() - started + wait > RETRY_FOR_MS) break;
    Utilities.sleep(wait);
  }
  console.log(
    'submission ' + body.id + ' (' + settings.kind + '): HTTP ' + code + ' ' + status + (tries > 1 ? ' after ' + tries + ' tries' : ''),
  );
  // 422: the entry breaks a rule; the function keeps it in the Rejected tab for staff, so there is nothing to redo here.
  if (code === 200 || code === 422) return;
  var hint =
    code === 401
      ? "check SUBMIT_TOKEN (or AUTH=identity and the function's ID_TOKEN_AUDIENCES / ALLOWED_INVOKERS; run showIdentity())"
      : code === 0 || code === 404
        ? 'check FUNCTION_URL'
        : 'see the function logs, then run resendAll()';
  throw new Error('The training function did not take response ' + body.id + ' (HTTP ' + code + ' ' + status + '): ' + hint);
}

/** The wait a Retry-After header asks for (whole seconds, as the function sends it), or null. */
function retryAfterMs_(headers) {
  var names = Object.keys(headers || {});
  for (var i = 0; i < names.length; i += 1) {
    if (names[i].toLowerCase() !== 'retry-after') continue;
    var seconds = Number(String(headers[names[i]]).trim());
    return isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
  }
  return null;
}

function statusOf_(text) {
  try {
    var parsed = JSON.parse(text);
    return parsed && typeof parsed.status === 'string' ? parsed.status : '';
  } catch (error) {
    return '';
  }
}
