import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a ticket read aloud or copied by hand cannot be misread. */
export const TICKET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `PN-XXXX-XX`: 31^6 ≈ 887 million tickets, drawn with a cryptographic generator so none can be guessed. */
export function newTicket(): string {
  const pick = (n: number) =>
    Array.from({ length: n }, () => TICKET_ALPHABET[randomInt(TICKET_ALPHABET.length)]).join('');
  return `PN-${pick(4)}-${pick(2)}`;
}

/**
 * A ticket as typed by a person ("pn 7k3m q9", "PN7K3MQ9", "7k3m-q9") in its canonical form, or
 * undefined when it cannot be one. Misreadable characters are mapped to the ones we issue.
 */
export function normalizeTicket(text: string): string | undefined {
  let s = text.toUpperCase().replace(/[\s\-_.:#/]/g, '');
  if (s.startsWith('PN')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== 6) return undefined;
  // 0 and 1 are never issued; a typed 0/O or 1/I/L cannot be part of a real ticket.
  if (![...s].every((c) => TICKET_ALPHABET.includes(c))) return undefined;
  return `PN-${s.slice(0, 4)}-${s.slice(4)}`;
}
