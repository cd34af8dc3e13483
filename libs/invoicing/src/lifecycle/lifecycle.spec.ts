import { FencedLeaseRunner, InMemoryLeaseStore, InMemoryOutbox } from '@hourglass/kernel';
import { CountingIdGenerator, InMemoryIdempotencyStore, InMemoryInvoiceLifecycleRepository } from '../testing';
import { ChangeInvoiceStatus } from './change-invoice-status.use-case';
import { CreditBalances } from './credit-balances.query';
import { GrantCredit } from './grant-credit.use-case';
import { IssueCreditNote } from './issue-credit-note.use-case';
import type { LifecycleContext } from './lifecycle-context';

const NOW = Date.parse('2026-11-15T12:00:00Z');

function setup(lockWait = { leaseMs: 30_000, attempts: 200, pauseMs: 1 }) {
  const repository = new InMemoryInvoiceLifecycleRepository();
  const idempotency = new InMemoryIdempotencyStore();
  const clock = { nowMs: () => NOW };
  const lock = new InMemoryLeaseStore(clock);
  const outbox = new InMemoryOutbox();
  const ctx: LifecycleContext = { repository, idempotency, lock: new FencedLeaseRunner(lock, clock), outbox, clock, ids: new CountingIdGenerator(), billingEntity: 'HG', lockWait };
  repository.seedInvoice({ invoiceId: 'in_1', number: 'HG-2026-000001', customerId: 'c-1', currency: 'USD', total: '100.00', status: 'finalized' });
  return {
    repository,
    idempotency,
    lock,
    outbox,
    changeStatus: new ChangeInvoiceStatus(ctx),
    creditNote: new IssueCreditNote(ctx),
    grant: new GrantCredit(ctx),
    balances: new CreditBalances(repository),
  };
}

const reasonOf = (promise: Promise<unknown>) => promise.then(() => null, (error: { reason?: string }) => error.reason ?? String(error));

describe('invoice lifecycle use cases', () => {
  describe('ChangeInvoiceStatus', () => {
    it('voids by crediting what is left, once, and a repeated void changes nothing', async () => {
      const sut = setup();
      await sut.creditNote.execute({ invoiceId: 'in_1', amount: '30.00' });
      expect(await sut.changeStatus.execute({ invoiceId: 'HG-2026-000001', to: 'void', reason: 'duplicate' })).toEqual({ invoiceId: 'in_1', status: 'void' });
      expect(await sut.changeStatus.execute({ invoiceId: 'in_1', to: 'void' })).toEqual({ invoiceId: 'in_1', status: 'void' });
      const notes = [...sut.repository.creditNotes.values()].map((n) => [n.number, n.amount.toFixed(), n.voidsInvoice, n.reason]);
      expect(notes).toEqual([
        ['HG-CN-2026-000001', '30', false, ''],
        ['HG-CN-2026-000002', '70', true, 'duplicate'],
      ]);
    });

    it('pays, and refuses to void what is paid', async () => {
      const sut = setup();
      expect((await sut.changeStatus.execute({ invoiceId: 'in_1', to: 'paid' })).status).toBe('paid');
      expect(await reasonOf(sut.changeStatus.execute({ invoiceId: 'in_1', to: 'void' }))).toBe('invalid_transition');
      expect(await reasonOf(sut.changeStatus.execute({ invoiceId: 'in_404', to: 'paid' }))).toBe('invoice_not_found');
    });

    it('writes nothing when it lost its lease before the write', async () => {
      const sut = setup();
      // Another holder took the lease over before the write: the fence check fails.
      sut.lock.renew = async () => false;
      expect(await reasonOf(sut.changeStatus.execute({ invoiceId: 'in_1', to: 'void' }))).toBe('lease_lost');
      expect(sut.repository.creditNotes.size).toBe(0);
      expect((await sut.repository.invoiceState('in_1'))!.status).toBe('finalized');
    });

    it('answers busy after a bounded wait when another request keeps the lock', async () => {
      const sut = setup({ leaseMs: 30_000, attempts: 3, pauseMs: 1 });
      await sut.lock.acquire('invoice-lifecycle:HG', 60_000);
      expect(await reasonOf(sut.changeStatus.execute({ invoiceId: 'in_1', to: 'paid' }))).toBe('busy');
    });
  });

  describe('IssueCreditNote', () => {
    it('gives 20 concurrent credit notes 20 distinct consecutive numbers', async () => {
      const sut = setup();
      const results = await Promise.all(Array.from({ length: 20 }, () => sut.creditNote.execute({ invoiceId: 'in_1', amount: '1.00' })));
      expect(results.map((r) => r.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `HG-CN-2026-${String(i + 1).padStart(6, '0')}`));
      expect((await sut.repository.invoiceState('in_1'))!.credited.toFixed()).toBe('20');
    });

    it('never credits more than is left, however requests race', async () => {
      const sut = setup();
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => reasonOf(sut.creditNote.execute({ invoiceId: 'in_1', amount: '30.00' }))));
      expect(outcomes.filter((o) => o === null)).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'invalid_amount')).toHaveLength(2);
    });

    it('returns the first answer for a retried Idempotency-Key and writes once', async () => {
      const sut = setup();
      const first = await sut.creditNote.execute({ invoiceId: 'in_1', amount: '10.00', reason: 'goodwill', idempotencyKey: 'k-1' });
      const again = await sut.creditNote.execute({ invoiceId: 'in_1', amount: '10.00', reason: 'goodwill', idempotencyKey: 'k-1' });
      expect(again).toEqual(first);
      expect(first).toMatchObject({ number: 'HG-CN-2026-000001', amount: '10.00', status: 'finalized' });
      expect(sut.repository.creditNotes.size).toBe(1);
    });

    it('refuses the same key with another body', async () => {
      const sut = setup();
      await sut.creditNote.execute({ invoiceId: 'in_1', amount: '10.00', idempotencyKey: 'k-1' });
      expect(await reasonOf(sut.creditNote.execute({ invoiceId: 'in_1', amount: '11.00', idempotencyKey: 'k-1' }))).toBe('idempotency_key_reused');
      expect(await reasonOf(sut.changeStatus.execute({ invoiceId: 'in_1', to: 'paid', idempotencyKey: 'k-1' }))).toBe('idempotency_key_reused');
      expect(sut.repository.creditNotes.size).toBe(1);
    });

    it('finishes a request that died after its note and before its answer was kept', async () => {
      const sut = setup();
      const save = sut.idempotency.save.bind(sut.idempotency);
      sut.idempotency.save = async (record) => {
        if (record.state === 'completed') throw new Error('process killed');
        return save(record);
      };
      await expect(sut.creditNote.execute({ invoiceId: 'in_1', void: true, idempotencyKey: 'k-2' })).rejects.toThrow('process killed');
      sut.idempotency.save = save;
      const retried = await sut.creditNote.execute({ invoiceId: 'in_1', void: true, idempotencyKey: 'k-2' });
      expect(retried).toMatchObject({ number: 'HG-CN-2026-000001', amount: '100.00', status: 'void' });
      expect(sut.repository.creditNotes.size).toBe(1);
    });

    it('credits a concurrent retry of one key once', async () => {
      const sut = setup();
      const [a, b] = await Promise.all([
        sut.creditNote.execute({ invoiceId: 'in_1', amount: '5.00', idempotencyKey: 'k-3' }),
        sut.creditNote.execute({ invoiceId: 'in_1', amount: '5.00', idempotencyKey: 'k-3' }),
      ]);
      expect(a).toEqual(b);
      expect(sut.repository.creditNotes.size).toBe(1);
    });

    it('voids with the note that credits the rest, but a paid invoice stays paid', async () => {
      const sut = setup();
      expect((await sut.creditNote.execute({ invoiceId: 'in_1', void: true })).status).toBe('void');
      const paid = setup();
      await paid.changeStatus.execute({ invoiceId: 'in_1', to: 'paid' });
      expect((await paid.creditNote.execute({ invoiceId: 'in_1', void: true })).status).toBe('paid');
    });
  });

  describe('GrantCredit', () => {
    const grant = { customerId: 'c-1', currency: 'USD', amount: '50.00', description: 'welcome' };

    it('is idempotent by the client grant id, and refuses the id with other terms', async () => {
      const sut = setup();
      expect(await sut.grant.execute({ ...grant, grantId: 'g-1' })).toEqual({ grantId: 'g-1' });
      expect(await sut.grant.execute({ ...grant, grantId: 'g-1' })).toEqual({ grantId: 'g-1' });
      expect(await reasonOf(sut.grant.execute({ ...grant, grantId: 'g-1', amount: '60.00' }))).toBe('idempotency_key_reused');
      expect(sut.repository.grants.size).toBe(1);
    });

    it('derives the grant id from an Idempotency-Key, and takes ids from the generator otherwise', async () => {
      const sut = setup();
      const keyed = await sut.grant.execute({ ...grant, idempotencyKey: 'g-key' });
      expect(await sut.grant.execute({ ...grant, idempotencyKey: 'g-key' })).toEqual(keyed);
      expect(keyed.grantId).toMatch(/^cg_[0-9a-f]{24}$/);
      expect(await sut.grant.execute(grant)).toEqual({ grantId: 'cg_test-0001' });
      expect(sut.repository.grants.size).toBe(2);
    });

    it('refuses an invalid grant before recording its key', async () => {
      const sut = setup();
      expect(await reasonOf(sut.grant.execute({ ...grant, amount: 'abc', idempotencyKey: 'bad' }))).toBe('invalid_grant');
      expect(sut.idempotency.records.size).toBe(0);
    });

    it('lists balances in the order invoices draw them', async () => {
      const sut = setup();
      await sut.grant.execute({ ...grant, grantId: 'g-2', priority: 1 });
      await sut.grant.execute({ ...grant, grantId: 'g-1', priority: 0, expiresAt: '2027-01-01T00:00:00Z' });
      sut.repository.applied.set('g-1', '12.34');
      expect(await sut.balances.execute('c-1')).toEqual([
        { grantId: 'g-1', currency: 'USD', amount: '50.00', applied: '12.34', remaining: '37.66', expiresAt: '2027-01-01T00:00:00.000Z', priority: 0 },
        { grantId: 'g-2', currency: 'USD', amount: '50.00', applied: '0.00', remaining: '50.00', expiresAt: null, priority: 1 },
      ]);
    });
  });

  describe('outgoing events', () => {
    const ids = (outbox: InMemoryOutbox) => outbox.rows.map((r) => r.id);

    it('announces a credit note and the void it leads to, once each however often the request is retried', async () => {
      const { creditNote, outbox } = setup();
      await creditNote.execute({ invoiceId: 'in_1', amount: '30.00', idempotencyKey: 'k-1' });
      await creditNote.execute({ invoiceId: 'in_1', amount: '30.00', idempotencyKey: 'k-1' });
      const full = await creditNote.execute({ invoiceId: 'in_1', void: true, idempotencyKey: 'k-2' });
      await creditNote.execute({ invoiceId: 'in_1', void: true, idempotencyKey: 'k-2' });
      expect(new Set(ids(outbox)).size).toBe(ids(outbox).length);
      expect(ids(outbox)).toEqual([expect.stringMatching(/^credit_note\.created:cn_/), `credit_note.created:${full.creditNoteId}`, 'invoice.voided:in_1']);
      const voided = JSON.parse(outbox.rows[2]!.payload);
      expect(voided).toMatchObject({ specversion: '1.0', source: 'hourglass', type: 'hourglass.invoice.voided', id: 'invoice.voided:in_1', time: '2026-11-15T12:00:00.000Z' });
      expect(voided.data).toMatchObject({ invoiceId: 'in_1', number: 'HG-2026-000001', customerId: 'c-1', currency: 'USD', total: '100.00', status: 'void' });
      expect(outbox.rows[2]!.subject).toBe('hourglass.v1.events.invoice.voided');
    });

    it('announces a void with its credit note, and a hand-marked payment as invoice.paid', async () => {
      const { changeStatus, outbox, repository } = setup();
      await changeStatus.execute({ invoiceId: 'in_1', to: 'void', reason: 'mistake' });
      await changeStatus.execute({ invoiceId: 'in_1', to: 'void', reason: 'mistake' });
      expect(ids(outbox)).toEqual(['credit_note.created:cn_void_in_1', 'invoice.voided:in_1']);
      repository.seedInvoice({ invoiceId: 'in_2', number: 'HG-2026-000002', customerId: 'c-1', currency: 'USD', total: '10.00', status: 'finalized' });
      await changeStatus.execute({ invoiceId: 'in_2', to: 'paid' });
      expect(ids(outbox)[2]).toBe('invoice.paid:in_2');
    });
  });
});
