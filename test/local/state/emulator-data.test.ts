import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { describeReset, emulatorDataDir, resetEmulatorData } from '../../../local/state/emulator-data.js';

describe('resetEmulatorData', () => {
  const dirs: string[] = [];
  const stateDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'conveyor-state-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('deletes the data folder and counts the messages it held per queue and the tables\' bytes', () => {
    const dir = stateDir();
    const data = emulatorDataDir(dir);
    mkdirSync(join(data, 'sqs'), { recursive: true });
    mkdirSync(join(data, 'dynamodb'), { recursive: true });
    writeFileSync(join(data, 'dynamodb', '000003.log'), Buffer.alloc(2_048));
    const db = new DatabaseSync(join(data, 'sqs', 'fauxqs.db'));
    db.exec('CREATE TABLE sqs_messages (message_id TEXT PRIMARY KEY, queue_name TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO sqs_messages VALUES (?, ?)');
    for (const [id, queue] of [['1', 'Queue'], ['2', 'Queue'], ['3', 'Dlq']]) insert.run(id, queue);
    db.close();

    const report = resetEmulatorData(dir);

    expect(existsSync(data)).toBe(false);
    expect(report).toMatchObject({ path: data, existed: true, messages: { Queue: 2, Dlq: 1 }, tableBytes: 2_048 });
    expect(describeReset(report, dir)).toBe('deleted data (3 messages: Dlq 1, Queue 2; 0.0 MB of table data)');
  });

  it('says there was nothing to delete when there was no data folder', () => {
    const dir = stateDir();

    const report = resetEmulatorData(dir);

    expect(report.existed).toBe(false);
    expect(describeReset(report, dir)).toBe('nothing to delete in data');
  });
});
