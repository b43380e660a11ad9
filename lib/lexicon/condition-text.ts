import type { TCondition } from './schema';

/** A condition in words: "F4 is not none", "composition is mixed or solid". */
export function conditionText(c: TCondition): string {
  if ('all' in c) return c.all.map(conditionText).join(' and ');
  if ('any' in c) return `(${c.any.map(conditionText).join(' or ')})`;
  if ('not' in c) {
    const inner = c.not;
    if ('feature' in inner && 'equals' in inner) return `${inner.feature} is not ${String(inner.equals)}`;
    return `not (${conditionText(inner)})`;
  }
  if ('answered' in c) return `${c.feature} is ${c.answered ? '' : 'not '}answered`;
  if ('equals' in c) return `${c.feature} is ${String(c.equals)}`;
  return `${c.feature} is ${c.in.map(String).join(' or ')}`;
}
