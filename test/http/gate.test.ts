// The gate decides from the request line and headers alone: route, method, credential, declared size, media type.
import { describe, expect, it } from 'vitest';
import type { IncomingHttpHeaders } from 'node:http';
import {
  admit,
  CLOUD_EVENT_SURFACE,
  CLOUD_EVENT_TYPES,
  declaredBody,
  JSON_TYPES,
  mediaTypeProblem,
  TRAINING_SURFACE,
  type GatePolicy,
} from '../../functions/src/http/gate.js';

const SUBMIT = 'gate-submit-0123456789abcdef';
const ADMIN = 'gate-admin-0123456789abcdef';
const JSON_BODY = { 'content-type': 'application/json', 'content-length': '20' };

const closed: GatePolicy = {
  surface: TRAINING_SURFACE,
  mediaTypes: JSON_TYPES,
  maxBodyBytes: 65_536,
  credentials: { submitToken: SUBMIT, adminTokens: [ADMIN], openOnLoopback: false },
};
const local: GatePolicy = { ...closed, credentials: { adminTokens: [], openOnLoopback: true } };

describe('admit', () => {
  it.each<{ name: string; method?: string; path: string; headers?: IncomingHttpHeaders; policy?: GatePolicy; status: number | 'ok' }>([
    { name: 'health for anyone', method: 'GET', path: '/healthz', status: 'ok' },
    { name: 'an unknown route', path: '/admin', status: 404 },
    { name: 'a GET on submissions', method: 'GET', path: '/submissions', status: 405 },
    {
      name: 'a submission with the submit token',
      path: '/submissions',
      headers: { ...JSON_BODY, authorization: `Bearer ${SUBMIT}` },
      status: 'ok',
    },
    { name: 'a submission with no token', path: '/submissions', headers: JSON_BODY, status: 401 },
    { name: 'recompute with the submit token', path: '/recompute', headers: { authorization: `Bearer ${SUBMIT}` }, status: 401 },
    { name: 'recompute with the admin token and no body', path: '/recompute', headers: { authorization: `Bearer ${ADMIN}` }, status: 'ok' },
    {
      name: 'the preview with nothing configured, from this computer',
      path: '/feedback/send',
      headers: JSON_BODY,
      policy: local,
      status: 401,
    },
    { name: 'an open submission from this computer', path: '/submissions', headers: JSON_BODY, policy: local, status: 'ok' },
    {
      name: 'an unauthenticated 300 MB body: 401 before its size',
      path: '/feedback/send',
      headers: { ...JSON_BODY, 'content-length': String(300 * 1024 * 1024) },
      status: 401,
    },
    {
      name: 'an authenticated 300 MB body',
      path: '/submissions',
      headers: { ...JSON_BODY, 'content-length': String(300 * 1024 * 1024), authorization: `Bearer ${SUBMIT}` },
      status: 413,
    },
    {
      name: 'exactly the limit',
      path: '/submissions',
      headers: { ...JSON_BODY, 'content-length': '65536', authorization: `Bearer ${SUBMIT}` },
      status: 'ok',
    },
    {
      name: 'a length that is no number',
      path: '/submissions',
      headers: { ...JSON_BODY, 'content-length': '12abc', authorization: `Bearer ${SUBMIT}` },
      status: 400,
    },
    {
      name: 'a text/plain submission (a cross-site form post)',
      path: '/submissions',
      headers: { ...JSON_BODY, 'content-type': 'text/plain', authorization: `Bearer ${SUBMIT}` },
      status: 415,
    },
    {
      name: 'a text/plain feedback send with the admin token',
      path: '/feedback/send',
      headers: { ...JSON_BODY, 'content-type': 'text/plain;charset=UTF-8', authorization: `Bearer ${ADMIN}` },
      status: 415,
    },
    {
      name: 'a chunked body with no type',
      path: '/submissions',
      headers: { 'transfer-encoding': 'chunked', authorization: `Bearer ${SUBMIT}` },
      status: 415,
    },
    {
      name: 'a CloudEvent in structured mode',
      path: '/',
      headers: { ...JSON_BODY, 'content-type': 'application/cloudevents+json; charset=utf-8', authorization: `Bearer ${SUBMIT}` },
      policy: { ...closed, surface: CLOUD_EVENT_SURFACE, mediaTypes: CLOUD_EVENT_TYPES },
      status: 'ok',
    },
    {
      name: 'a structured CloudEvent sent to the HTTP function',
      path: '/submissions',
      headers: { ...JSON_BODY, 'content-type': 'application/cloudevents+json', authorization: `Bearer ${SUBMIT}` },
      status: 415,
    },
  ])('$name → $status', async ({ method, path, headers, policy, status }) => {
    const admission = await admit({ method: method ?? 'POST', path, headers: headers ?? {}, loopback: true }, policy ?? closed);
    expect(admission.ok ? 'ok' : admission.status).toBe(status);
  });

  it('says which methods a route takes', async () => {
    const admission = await admit({ method: 'PUT', path: '/recompute', headers: {}, loopback: true }, closed);
    expect(admission).toMatchObject({ ok: false, status: 405, headers: { Allow: 'POST' } });
  });

  it('remembers what it admitted: the method, path, credential and the declared body', async () => {
    const headers = { ...JSON_BODY, authorization: `Bearer ${ADMIN}` };
    expect(await admit({ method: 'POST', path: '/submissions', headers, loopback: false }, closed)).toEqual({
      ok: true,
      via: 'admin_token',
      method: 'POST',
      path: '/submissions',
      body: 20,
    });
  });
});

describe('declaredBody', () => {
  it.each([
    { headers: {}, declared: 0 },
    { headers: { 'content-length': '0' }, declared: 0 },
    { headers: { 'content-length': ' 512 ' }, declared: 512 },
    { headers: { 'content-length': '-1' }, declared: undefined },
    { headers: { 'content-length': '1e9' }, declared: undefined },
    { headers: { 'transfer-encoding': 'chunked' }, declared: 'chunked' },
  ])('$headers → $declared', ({ headers, declared }) => {
    expect(declaredBody(headers)).toBe(declared);
  });
});

describe('mediaTypeProblem', () => {
  it.each([
    { name: 'JSON', headers: { 'content-type': 'application/json' }, problem: undefined },
    { name: 'JSON in UTF-8, any case', headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' }, problem: undefined },
    { name: 'no type', headers: {}, problem: 'a body needs Content-Type: application/json' },
    { name: 'text', headers: { 'content-type': 'text/plain' }, problem: 'Content-Type text/plain is not accepted; send application/json' },
    {
      name: 'a form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      problem: 'Content-Type application/x-www-form-urlencoded is not accepted; send application/json',
    },
    {
      name: 'another charset',
      headers: { 'content-type': 'application/json; charset=gb2312' },
      problem: 'charset gb2312 is not accepted; send UTF-8',
    },
    {
      name: 'a list of types',
      headers: { 'content-type': 'text/plain, application/json' },
      problem: 'Content-Type text/plain, application/json is not accepted; send application/json',
    },
    {
      name: 'a compressed body',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      problem: 'Content-Encoding gzip is not accepted; send the JSON uncompressed',
    },
  ])('$name', ({ headers, problem }) => {
    expect(mediaTypeProblem(headers, JSON_TYPES)).toBe(problem);
  });
});
