import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';

interface ReplayResult {
  replayId: string;
  reason: string;
  candidates: number;
  accepted: number[];
  alreadyReplayed: number[];
  stillRejected: Array<{ seq: number; reason: string; detail: string }>;
}

/**
 * `hourglass rejections replay`: re-check rejected usage whose cause may be fixed now (usage that
 * arrived before its rental, rejected unknown_rental after the grace period) and accept each valid
 * event exactly once (POST /v1/rejections/replay). Safe to run again.
 */
export function registerRejectionsCommand(program: Command): void {
  const rejections = program.command('rejections').description('rejected usage: re-check it once its cause is fixed');
  rejections
    .command('replay')
    .description(
      'accept rejected usage whose rental is known now, exactly once, and record the replay; only unknown_rental can be replayed (a resend of any other rejected event stays a duplicate)',
    )
    .requiredOption('--reason <reason>', 'the rejection reason to re-check: unknown_rental')
    .option('--since <iso>', 'only rejections received at or after this instant (ISO 8601)')
    .option('--rental <id>', 'only rejections of this rental')
    .option('--json', 'print one JSON document: {replayId, candidates, accepted: [seq…], alreadyReplayed, stillRejected: [{seq, reason, detail}]}')
    .addOption(formatOption())
    .action(async (options: { reason: string; since?: string; rental?: string; json?: boolean; format?: Format }) => {
      const body: ReplayResult = await api(loadConfig()).request('POST', '/v1/rejections/replay', {
        reason: options.reason,
        ...(options.since ? { since: options.since } : {}),
        ...(options.rental ? { rentalId: options.rental } : {}),
      });
      out(options, body, () => {
        const head = `replay ${body.replayId}: ${body.candidates} rejected events re-checked, ${body.accepted.length} accepted now, ${body.stillRejected.length} still rejected\n`;
        const rows = [
          ...body.accepted.map((seq) => ({ seq, result: 'accepted', detail: '' })),
          ...body.alreadyReplayed.map((seq) => ({ seq, result: 'accepted by another replay', detail: '' })),
          ...body.stillRejected.map((s) => ({ seq: s.seq, result: `still ${s.reason}`, detail: s.detail })),
        ];
        return rows.length > 0 ? head + printTable(rows) : head;
      });
    });
}
