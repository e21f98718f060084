import { describe, expect, it } from 'vitest';
import { fillVariables, matchReplies, slashQuery } from './variables';

describe('saved reply insertion', () => {
  it('finds "/word" only at the start of a word, up to the caret', () => {
    expect(slashQuery('/ref', 4)).toEqual({ text: 'ref', start: 0, end: 4 });
    expect(slashQuery('Hello /re', 9)).toEqual({ text: 're', start: 6, end: 9 });
    expect(slashQuery('Hello\n/', 7)).toEqual({ text: '', start: 6, end: 7 });
    expect(slashQuery('and/or', 6)).toBeNull();
    expect(slashQuery('see https://x.test/a', 20)).toBeNull();
    expect(slashQuery('/ref done', 9)).toBeNull();
  });

  it('fills the three variables, leaving unknown ones as written', () => {
    const filled = fillVariables('Hi {{customer.name}}, #{{ ticket.number }} is with {{agent.name}}. {{site.name}}', {
      customerName: 'Dana',
      ticketNumber: 1042,
      agentName: 'Alan',
    });
    expect(filled).toBe('Hi Dana, #1042 is with Alan. {{site.name}}');
  });

  it('matches every word, titles before bodies', () => {
    const replies = [
      { title: 'Shipping times', body: 'We ship refunds…' },
      { title: 'Refund policy', body: 'Refunds take 5 days' },
    ];
    expect(matchReplies(replies, 'refund').map((r) => r.title)).toEqual(['Refund policy', 'Shipping times']);
    expect(matchReplies(replies, 'refund days').map((r) => r.title)).toEqual(['Refund policy']);
    expect(matchReplies(replies, '')).toHaveLength(2);
  });
});
