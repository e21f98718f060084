// What "/" in a composer looks for, and how a saved reply's variables are filled for a ticket.

/** The "/word" being typed at the caret, at the start of a word: its text and where it sits. */
export function slashQuery(value: string, caret: number): { text: string; start: number; end: number } | null {
  const match = /(^|\s)\/([^\s/]{0,40})$/.exec(value.slice(0, caret));
  if (!match) return null;
  const text = match[2]!;
  return { text, start: caret - text.length - 1, end: caret };
}

export interface ReplyContext {
  customerName: string;
  ticketNumber: number;
  agentName: string;
}

/** `{{customer.name}}`, `{{ticket.number}}` and `{{agent.name}}` (spaces inside the braces allowed). */
export function fillVariables(body: string, context: ReplyContext): string {
  const values: Record<string, string> = {
    'customer.name': context.customerName,
    'ticket.number': String(context.ticketNumber),
    'agent.name': context.agentName,
  };
  return body.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Replies whose title or text holds every word of the query, titles first. */
export function matchReplies<R extends { title: string; body: string }>(replies: readonly R[], query: string): R[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const holds = (text: string) => words.every((w) => text.toLowerCase().includes(w));
  return [...replies.filter((r) => holds(r.title)), ...replies.filter((r) => !holds(r.title) && holds(`${r.title} ${r.body}`))];
}
