import type { Clock } from '@hourglass/contracts';
import type { Inbox } from '@hourglass/kernel';
import { adyenDedupKey, type AdyenNotificationItem, type Provider } from '../domain';
import type { InboxEntry, WebhookInbox } from '../ports';

const PROVIDERS: readonly Provider[] = ['stripe', 'adyen'];

/**
 * Payments' inbox port on the kernel's inbox (`inbox`, `inbox_processed`): one kernel entry per
 * Stripe event and per Adyen notification item, keyed by the dedup key, the body kept byte for byte.
 * An Adyen body may carry several items; the item an entry stands for is found again in the stored
 * body by its key, so nothing but the raw body needs storing.
 */
export class KernelWebhookInbox implements WebhookInbox {
  constructor(
    private readonly inbox: Inbox,
    private readonly clock: Clock,
  ) {}

  async store(entries: readonly InboxEntry[]): Promise<Array<'stored' | 'duplicate'>> {
    const outcomes: Array<'stored' | 'duplicate'> = [];
    for (const e of entries) {
      const { isNew } = await this.inbox.store({ provider: e.provider, key: e.dedupKey, body: e.rawBody, headers: e.headers, receivedAtMs: e.receivedAtMs });
      outcomes.push(isNew ? 'stored' : 'duplicate');
    }
    return outcomes;
  }

  async markProcessed(entry: Pick<InboxEntry, 'provider' | 'dedupKey'>, outcome: string, detail: string): Promise<void> {
    await this.inbox.markProcessed([{ provider: entry.provider, key: entry.dedupKey, outcome: detail ? `${outcome}: ${detail}` : outcome, processedAtMs: this.clock.nowMs() }]);
  }

  async unprocessed(limit: number, receivedBeforeMs: number): Promise<InboxEntry[]> {
    const out: InboxEntry[] = [];
    for (const provider of PROVIDERS) {
      for (const e of await this.inbox.pending(provider, limit)) {
        // Younger ones may still be in the hands of the request that stored them.
        if (e.receivedAtMs >= receivedBeforeMs) continue;
        out.push({ provider, dedupKey: e.key, receivedAtMs: e.receivedAtMs, headers: { ...e.headers }, rawBody: e.body, item: provider === 'adyen' ? itemOf(e.body, e.key) : '' });
      }
    }
    return out.slice(0, limit);
  }
}

function itemOf(body: string, key: string): string {
  try {
    const parsed = JSON.parse(body) as { notificationItems?: Array<{ NotificationRequestItem?: AdyenNotificationItem }> };
    const item = (parsed.notificationItems ?? []).map((i) => i.NotificationRequestItem).find((i) => i && adyenDedupKey(i) === key);
    return item ? JSON.stringify(item) : '{}';
  } catch {
    return '{}';
  }
}
