import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { HourglassConfig } from '@hourglass/config';
import { connectNats, provisionStreams } from '@hourglass/nats';
import { UsageError } from '../exit-codes';
import { isMachineFormat, out, type FormatOptions } from '../output';
import { Progress } from '../progress';

/** NATS subject tokens cannot be empty or hold '.', '*', '>' or white space. */
function token(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value.replace(/[.*>\s]/g, '_') : '_';
}

/**
 * The subject an agent would use. A line that is not a usage event still goes out (to
 * usage.v1._._), so that Hourglass rejects and keeps it like any other bad input.
 */
export function subjectAndMsgId(line: string): { subject: string; msgId: string | undefined } {
  try {
    const event = JSON.parse(line) as { source?: unknown; id?: unknown; data?: { operatorId?: unknown; datacenterId?: unknown } };
    const data = event && typeof event === 'object' ? event.data : undefined;
    const subject = `usage.v1.${token(data?.operatorId)}.${token(data?.datacenterId)}`;
    const msgId = typeof event?.source === 'string' && typeof event?.id === 'string' ? `${event.source}|${event.id}` : undefined;
    return { subject, msgId };
  } catch {
    return { subject: 'usage.v1._._', msgId: undefined };
  }
}

/**
 * Without --msg-id, no Nats-Msg-Id is set: every copy of a resent event reaches Hourglass, which
 * drops it as a duplicate and counts it (`hourglass status`). With it, JetStream's duplicate window
 * drops quick resends before Hourglass sees them, as it does for agents that set the header.
 */
export async function publishCommand(config: HourglassConfig, file: string, options: FormatOptions & { msgId?: boolean }): Promise<void> {
  if (!fs.existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
  const nc = await connectNats(config.nats.url, 'hourglass-cli-publish', config.nats.auth);
  await provisionStreams(await nc.jetstreamManager(), config.nats.streamReplicas);
  const js = nc.jetstream();
  const progress = new Progress('published', null, !isMachineFormat(options));
  const inFlightMax = 256;
  const inFlight = new Set<Promise<unknown>>();
  let published = 0;
  let duplicatesDropped = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { subject, msgId } = subjectAndMsgId(line);
    const p = js.publish(subject, Buffer.from(line), options.msgId && msgId ? { msgID: msgId } : {}).then((ack) => {
      if (ack.duplicate) duplicatesDropped++;
      published++;
      progress.update(published);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= inFlightMax) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  progress.done(published);
  await nc.drain();
  const summary = { published, droppedByStreamDuplicateWindow: duplicatesDropped, file };
  out(options, summary, {
    table: () =>
      `published ${published.toLocaleString('en-US')} events from ${file}` +
      (options.msgId ? `; ${duplicatesDropped} were resends within 2 minutes, which NATS dropped before Hourglass saw them` : ''),
    csv: () => [summary],
  });
}
