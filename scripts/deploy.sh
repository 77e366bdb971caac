#!/usr/bin/env bash
# Deploys the functions (2nd gen) from their bundles in dist/functions/, the Forms watch topic and the Cloud Scheduler jobs; safe to run again.
#
# Usage: PROJECT=my-project SPREADSHEET_ID=1AbC… MAIL_FROM='培训中心 <training@bank.example>' SUBMIT_TOKEN=… scripts/deploy.sh [--dry-run]
# Required: PROJECT, SPREADSHEET_ID, MAIL_FROM, and SUBMIT_TOKEN (16+ characters) or ID_TOKEN_AUDIENCES.
# Features, each off (and said so) when its variables are unset; a value too short, or half a pair, is refused:
#   certificates: CERTIFICATE_SECRET (32+ characters, `openssl rand -base64 48`) and CERTIFICATES_DRIVE_FOLDER_ID
#                 (`npm run cli -- provision --google` prints it), both or neither: training verifies, training-jobs issues;
#   QR check-in:  CHECKIN_SECRET (32+ characters, `openssl rand -base64 48`): training and forms-watch check the codes.
#   Keep both secrets once set: a new CERTIFICATE_SECRET fails every issued serial, a new CHECKIN_SECRET every printed code.
# Optional: REGION (asia-east2), SERVICE_ACCOUNT (training-fn@PROJECT.iam.gserviceaccount.com), SUBMIT_TOKEN,
#           ID_TOKEN_AUDIENCES (the Apps Script project's OAuth client id), TIME_ZONE (Asia/Shanghai), MAILER (gmail),
#           GMAIL_SENDER, RECOMPUTE_SCHEDULE ('* * * * *'), FEEDBACK_SCHEDULE ('*/10 * * * *'), TOPIC (forms-watch).
# --dry-run prints every command (and the functions' environment, tokens and secrets masked) without running anything.
set -euo pipefail

DRY_RUN=false
if [[ "${1:-}" == "--dry-run" ]]; then DRY_RUN=true; fi

: "${PROJECT:?set PROJECT to the Google Cloud project id}"
: "${SPREADSHEET_ID:?set SPREADSHEET_ID (npm run cli -- provision --google prints it)}"
: "${MAIL_FROM:?set MAIL_FROM to the sender, e.g. 培训中心 <training@bank.example>}"
if [[ -z "${SUBMIT_TOKEN:-}" && -z "${ID_TOKEN_AUDIENCES:-}" ]]; then
  echo "Set SUBMIT_TOKEN (at least 16 characters) or ID_TOKEN_AUDIENCES: the submission URL is public and must check its callers." >&2
  exit 2
fi
# A secret set but shorter than the functions accept would only fail later, at every request: refuse it now.
require_length() {
  local name="$1" min="$2" value="${!1:-}"
  if [[ -n "$value" && ${#value} -lt $min ]]; then
    echo "$name is ${#value} characters; it must be at least $min. Make one with: openssl rand -base64 48" >&2
    exit 2
  fi
}
require_length SUBMIT_TOKEN 16
require_length CERTIFICATE_SECRET 32
require_length CHECKIN_SECRET 32
if [[ -n "${CERTIFICATES_DRIVE_FOLDER_ID:-}" && -z "${CERTIFICATE_SECRET:-}" ]]; then
  echo "CERTIFICATES_DRIVE_FOLDER_ID is set but CERTIFICATE_SECRET is not: certificates need the key that signs their serials." >&2
  echo "Make one with: openssl rand -base64 48 (keep it: a new key fails every certificate already issued)." >&2
  exit 2
fi
if [[ -n "${CERTIFICATE_SECRET:-}" && -z "${CERTIFICATES_DRIVE_FOLDER_ID:-}" ]]; then
  echo "CERTIFICATE_SECRET is set but CERTIFICATES_DRIVE_FOLDER_ID is not: certificates need the Drive folder that keeps them." >&2
  echo "npm run cli -- provision --google --service-account <the functions' account> --certificates-drive <shared drive id> prints it." >&2
  exit 2
fi
if [[ -n "${CERTIFICATES_DRIVE_FOLDER_ID:-}" && ! "$CERTIFICATES_DRIVE_FOLDER_ID" =~ ^[A-Za-z0-9_-]{10,}$ ]]; then
  echo "CERTIFICATES_DRIVE_FOLDER_ID is the part of the folder URL after /folders/, not \"$CERTIFICATES_DRIVE_FOLDER_ID\"." >&2
  exit 2
fi
REGION="${REGION:-asia-east2}"
SA_NAME="${SERVICE_ACCOUNT_NAME:-training-fn}"
SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-${SA_NAME}@${PROJECT}.iam.gserviceaccount.com}"
TIME_ZONE="${TIME_ZONE:-Asia/Shanghai}"
MAILER="${MAILER:-gmail}"
TOPIC="${TOPIC:-forms-watch}"
RECOMPUTE_SCHEDULE="${RECOMPUTE_SCHEDULE:-* * * * *}"
FEEDBACK_SCHEDULE="${FEEDBACK_SCHEDULE:-*/10 * * * *}"
# Cloud Run functions decommissioned Node.js 20 on 2026-10-30: no function can be deployed or updated on it since.
RUNTIME=nodejs22
# A 2nd gen function answers on its cloudfunctions.net URL too, which is known before it exists: the identity-token audience.
JOBS_URL="https://${REGION}-${PROJECT}.cloudfunctions.net/training-jobs"

run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if [[ "$DRY_RUN" == false ]]; then "$@"; fi
}

# True when a resource exists; in a dry run nothing is looked up, so everything is shown as created.
exists() {
  [[ "$DRY_RUN" == false ]] && "$@" >/dev/null 2>&1
}

ENV_DIR="$(mktemp -d)"
trap 'rm -rf "$ENV_DIR"' EXIT

# A function's environment as a YAML file, so values with spaces, <>, commas and Chinese pass intact.
yaml_env() {
  local name="$1" file="$ENV_DIR/$1.yaml"
  shift
  : >"$file"
  local pair key value
  for pair in "$@"; do
    key="${pair%%=*}"
    value="${pair#*=}"
    [[ -z "$value" ]] && continue
    value="${value//\\/\\\\}"
    printf '%s: "%s"\n' "$key" "${value//\"/\\\"}" >>"$file"
  done
  if [[ "$DRY_RUN" == true ]]; then
    echo "  environment of $name:"
    sed -E 's/^((SUBMIT_TOKEN|CERTIFICATE_SECRET|CHECKIN_SECRET): ).*/\1"***"/; s/^/    /' "$file"
  fi
}

CERTIFICATES=("CERTIFICATE_SECRET=${CERTIFICATE_SECRET:-}" "CERTIFICATES_DRIVE_FOLDER_ID=${CERTIFICATES_DRIVE_FOLDER_ID:-}")
CHECKIN=("CHECKIN_SECRET=${CHECKIN_SECRET:-}")
if [[ -z "${CERTIFICATE_SECRET:-}" ]]; then
  echo "Certificates are off: set CERTIFICATE_SECRET (openssl rand -base64 48) and CERTIFICATES_DRIVE_FOLDER_ID to issue them."
else
  echo "Certificates are on: issued into Drive folder $CERTIFICATES_DRIVE_FOLDER_ID."
fi
if [[ -z "${CHECKIN_SECRET:-}" ]]; then
  echo "QR check-in is off: set CHECKIN_SECRET (openssl rand -base64 48) to accept check-in codes."
else
  echo "QR check-in is on."
fi
COMMON=("STORE=sheets" "SPREADSHEET_ID=$SPREADSHEET_ID" "LOG_LEVEL=info" "SUBMIT_TOKEN=${SUBMIT_TOKEN:-}" "MAIL_FROM=$MAIL_FROM")

echo "== APIs and the functions' service account"
run gcloud services enable --project="$PROJECT" cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com \
  artifactregistry.googleapis.com eventarc.googleapis.com pubsub.googleapis.com cloudscheduler.googleapis.com \
  sheets.googleapis.com forms.googleapis.com gmail.googleapis.com drive.googleapis.com iamcredentials.googleapis.com
if ! exists gcloud iam service-accounts describe "$SERVICE_ACCOUNT" --project="$PROJECT"; then
  run gcloud iam service-accounts create "$SA_NAME" --project="$PROJECT" --display-name="Customer-manager training functions"
fi
# Keyless domain-wide delegation for Gmail: the account signs its own delegation assertion through IAM.
run gcloud iam service-accounts add-iam-policy-binding "$SERVICE_ACCOUNT" --project="$PROJECT" \
  --member="serviceAccount:$SERVICE_ACCOUNT" --role=roles/iam.serviceAccountTokenCreator

echo "== Build"
run npm run build

echo "== Topic of the Forms API watches (Google Forms publishes as forms-notifications@system.gserviceaccount.com)"
if ! exists gcloud pubsub topics describe "$TOPIC" --project="$PROJECT"; then
  run gcloud pubsub topics create "$TOPIC" --project="$PROJECT"
fi
run gcloud pubsub topics add-iam-policy-binding "$TOPIC" --project="$PROJECT" \
  --member=serviceAccount:forms-notifications@system.gserviceaccount.com --role=roles/pubsub.publisher

echo "== training: form submissions, scaled out; they only append (the function checks the bearer or identity token itself)"
# 120 s: a call Google refuses for quota (60 Sheets writes a minute for the one account) is retried for up to a minute.
# It serves /checkin and /certificates/<serial>: the check-in key, and the certificates' key and folder.
yaml_env training "${COMMON[@]}" "RECOMPUTE_ON_SUBMIT=off" "MAILER=off" "ID_TOKEN_AUDIENCES=${ID_TOKEN_AUDIENCES:-}" \
  "${CERTIFICATES[@]}" "${CHECKIN[@]}"
run gcloud functions deploy training --gen2 --project="$PROJECT" --region="$REGION" --runtime="$RUNTIME" \
  --source=dist/functions/training --entry-point=training --trigger-http --allow-unauthenticated \
  --service-account="$SERVICE_ACCOUNT" --env-vars-file="$ENV_DIR/training.yaml" \
  --memory=512Mi --cpu=1 --timeout=120s --concurrency=20 --max-instances=10

echo "== training-jobs: recompute, feedback e-mail and watch renewal, one at a time (1 instance, 1 request)"
yaml_env jobs "${COMMON[@]}" "RECOMPUTE_ON_SUBMIT=off" "MAILER=$MAILER" "GMAIL_SENDER=${GMAIL_SENDER:-}" \
  "FEEDBACK_AFTER_RECOMPUTE=off" "FEEDBACK_TIME_BUDGET_SECONDS=480" "FORMS_WATCH_TOPIC=projects/$PROJECT/topics/$TOPIC" \
  "ID_TOKEN_AUDIENCES=$JOBS_URL" "ALLOWED_INVOKERS=$SERVICE_ACCOUNT" "${CERTIFICATES[@]}"
run gcloud functions deploy training-jobs --gen2 --project="$PROJECT" --region="$REGION" --runtime="$RUNTIME" \
  --source=dist/functions/training --entry-point=training --trigger-http --no-allow-unauthenticated \
  --service-account="$SERVICE_ACCOUNT" --env-vars-file="$ENV_DIR/jobs.yaml" \
  --memory=1Gi --cpu=1 --timeout=540s --concurrency=1 --max-instances=1
run gcloud functions add-invoker-policy-binding training-jobs --project="$PROJECT" --region="$REGION" \
  --member="serviceAccount:$SERVICE_ACCOUNT"

echo "== forms-watch: Forms API notifications from the topic, one at a time so the checkpoint moves in order"
# It verifies the check-in codes of attendance answers.
yaml_env forms-watch "${COMMON[@]}" "RECOMPUTE_ON_SUBMIT=off" "MAILER=off" "${CHECKIN[@]}"
run gcloud functions deploy forms-watch --gen2 --project="$PROJECT" --region="$REGION" --runtime="$RUNTIME" \
  --source=dist/functions/forms-watch --entry-point=formsWatch --trigger-topic="$TOPIC" --retry \
  --service-account="$SERVICE_ACCOUNT" --trigger-service-account="$SERVICE_ACCOUNT" --env-vars-file="$ENV_DIR/forms-watch.yaml" \
  --memory=512Mi --cpu=1 --timeout=300s --concurrency=1 --max-instances=1
run gcloud functions add-invoker-policy-binding forms-watch --project="$PROJECT" --region="$REGION" \
  --member="serviceAccount:$SERVICE_ACCOUNT"

echo "== Cloud Scheduler: the jobs, called with the service account's identity token"
schedule() {
  local name="$1" cron="$2" path="$3" verb=create headers=--headers
  # `update` has no --headers: it changes headers with --update-headers (and --remove-headers, --clear-headers).
  if exists gcloud scheduler jobs describe "$name" --project="$PROJECT" --location="$REGION"; then
    verb=update
    headers=--update-headers
  fi
  run gcloud scheduler jobs "$verb" http "$name" --project="$PROJECT" --location="$REGION" \
    --schedule="$cron" --time-zone="$TIME_ZONE" --uri="$JOBS_URL$path" --http-method=POST \
    "$headers=Content-Type=application/json" --message-body='{}' \
    --oidc-service-account-email="$SERVICE_ACCOUNT" --oidc-token-audience="$JOBS_URL" --attempt-deadline=540s
}
schedule training-recompute "$RECOMPUTE_SCHEDULE" /recompute
schedule training-feedback "$FEEDBACK_SCHEDULE" /feedback/send
schedule training-watches "0 6 * * *" /watches/renew

echo "== Done. Point the forms at https://${REGION}-${PROJECT}.cloudfunctions.net/training/submissions"
echo "   (Apps Script: script property FUNCTION_URL; or run npm run cli -- renew-watches once with FORMS_WATCH_TOPIC set)."
