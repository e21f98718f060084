// deskline.d.ts is self-contained for host pages, so it spells out shapes the contract also
// defines. These checks run when the widget is type-checked: a change on either side that makes
// them differ fails `npm run typecheck`.
import type { MessageJson, Priority, WidgetIdentity } from '@deskline/contract';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { DesklineIdentity, DesklineMessage, DesklinePrefill } from '../deskline.js';

describe('deskline.d.ts', () => {
  it('hands over a message exactly as the contract shapes it', () => {
    expectTypeOf<DesklineMessage>().toEqualTypeOf<MessageJson>();
  });

  it('accepts the identities the contract accepts, and the priorities it knows', () => {
    expectTypeOf<DesklineIdentity>().toEqualTypeOf<z.input<typeof WidgetIdentity>>();
    expectTypeOf<NonNullable<DesklinePrefill['priority']>>().toEqualTypeOf<Priority>();
  });
});
