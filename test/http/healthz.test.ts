// /healthz tells the truth about the workbook: ok, unreadable with the reason (503), or open in a spreadsheet program.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { clock } from '../fixtures/world.js';

let dir: string;
let file: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'healthz-'));
  file = path.join(dir, 'training.xlsx');
  const app = createApp(loadConfig({ WORKBOOK_PATH: file, MAILER: 'off' }), { clock, logger: memoryLogger() });
  functions.http('healthz-under-test', app.handler);
  server = getTestServer('healthz-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const entry of await fs.readdir(dir)) await fs.rm(path.join(dir, entry), { force: true });
});

interface Health {
  status: string;
  workbook: string;
  pending: number;
  reason?: string;
}

async function health(): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as Health };
}

describe('/healthz', () => {
  it('with a good workbook answers ok', async () => {
    await provisionWorkbook(file);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', workbook: 'ok', pending: 0 } });
  });

  it('with no workbook answers 503 unreadable, saying how to create it', async () => {
    const answer = await health();
    expect(answer).toMatchObject({ status: 503, body: { status: 'error', workbook: 'unreadable' } });
    expect(answer.body.reason).toMatch(/not found.*provision/);
  });

  it('with a file that is not a workbook answers 503 unreadable with the reason', async () => {
    await fs.writeFile(file, 'this is not a zip');
    const answer = await health();
    expect(answer).toMatchObject({ status: 503, body: { status: 'error', workbook: 'unreadable' } });
    expect(answer.body.reason).toMatch(/cannot be read as an \.xlsx file/);
  });

  it('with a broken header row answers 503 unreadable, naming the tab', async () => {
    await provisionWorkbook(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const scores = workbook.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores tab');
    scores.getRow(1).getCell(3).value = null;
    await workbook.xlsx.writeFile(file);
    const answer = await health();
    expect(answer).toMatchObject({ status: 503, body: { status: 'error', workbook: 'unreadable' } });
    expect(answer.body.reason).toMatch(/工作表“Scores”在其他表头之间有空白表头（第 C 列）。 Tab "Scores" has a blank header \(column C\)/);
  });

  it('with the workbook open in LibreOffice answers open-elsewhere, still serving', async () => {
    await provisionWorkbook(file);
    await fs.writeFile(path.join(dir, '.~lock.training.xlsx#'), 'someone,host,,');
    const answer = await health();
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok', workbook: 'open-elsewhere', pending: 0 } });
    expect(answer.body.reason).toMatch(/LibreOffice/);
  });
});
