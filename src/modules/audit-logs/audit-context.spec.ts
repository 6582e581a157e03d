import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { adminConsoleContext, currentAuditContext, runRequestWithAuditContext, runWithAuditContext } from './audit-context.js';

const context = (label: string) => adminConsoleContext({ id: 1, email: label }, null);
const labelOf = () => {
  const actor = currentAuditContext()?.actor();
  return actor?.type === 'admin_console' ? actor.label : undefined;
};

describe('audit context', () => {
  it('keeps each open context through its awaits while another one opens and closes', async () => {
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    const seen: Array<string | null | undefined> = [];

    const first = runWithAuditContext(context('first'), async () => {
      await firstMayEnd;
      await tick();
      seen.push(labelOf());
    });
    const second = runWithAuditContext(context('second'), async () => {
      await tick();
      seen.push(labelOf());
    });
    await second; // closes while `first` is still open
    releaseFirst();
    await first;

    expect(seen).toEqual(['second', 'first']);
  });

  it('is gone outside every context, and opens again for the next one', async () => {
    await runWithAuditContext(context('one'), async () => expect(labelOf()).toBe('one'));
    expect(currentAuditContext()).toBeUndefined();
    await runWithAuditContext(context('two'), async () => {
      await tick();
      expect(labelOf()).toBe('two');
    });
    expect(currentAuditContext()).toBeUndefined();
  });

  it('closes a context even when its work fails', async () => {
    await expect(runWithAuditContext(context('failing'), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(currentAuditContext()).toBeUndefined();
    await runWithAuditContext(context('after'), async () => expect(labelOf()).toBe('after'));
  });

  it('keeps a request context until its response closes, across overlapping requests', async () => {
    const responseA = new EventEmitter();
    const responseB = new EventEmitter();
    const seen: Array<string | null | undefined> = [];
    let continueA!: () => void;
    const aMayContinue = new Promise<void>((resolve) => (continueA = resolve));
    let aDone!: Promise<void>;

    runRequestWithAuditContext(context('request A'), responseA, () => {
      aDone = (async () => {
        await aMayContinue;
        await tick();
        seen.push(labelOf());
      })();
    });
    runRequestWithAuditContext(context('request B'), responseB, () => undefined);
    responseB.emit('close');
    // A closing twice counts once.
    responseB.emit('close');
    continueA();
    await aDone;
    expect(seen).toEqual(['request A']);
    responseA.emit('close');
    expect(currentAuditContext()).toBeUndefined();
  });
});
