import { DEFAULT_THEME } from '@deskline/contract';
import { describe, expect, it } from 'vitest';
import type { Site } from '../../api/types';
import { CreateSiteForm, formValues, originLines, originsError, originSummary, previewColor, swatchColor, UpdateSiteForm } from './siteForm';
import { signingSnippet, widgetSnippet } from './snippets';

describe('allowed origins typed as lines', () => {
  it('splits on new lines, commas and spaces, skipping blanks', () => {
    expect(originLines('https://a.example\n\n https://b.example, https://c.example  ')).toEqual(['https://a.example', 'https://b.example', 'https://c.example']);
    expect(originLines('  \n ')).toEqual([]);
  });

  it('the form sends them as the list the server takes, normalised and without repeats', () => {
    const parsed = CreateSiteForm.parse({ name: 'Shop', allowedOrigins: 'https://Shop.Example:443\nhttps://shop.example\nhttps://*.example.org' });
    expect(parsed.allowedOrigins).toEqual(['https://shop.example', 'https://*.example.org']);
  });

  it('an update may leave the origins out', () => {
    expect(UpdateSiteForm.parse({ name: 'Renamed' })).toEqual({ name: 'Renamed' });
  });
});

describe('where an origin error points', () => {
  it('quotes the line the schema refused, and counts the others', () => {
    const text = 'https://ok.example\nhttps://bad.example/path\nftp://worse.example';
    const result = CreateSiteForm.safeParse({ name: 'Shop', allowedOrigins: text });
    // As the resolver hands them to the form: one error per index of the parsed list.
    const error = Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[1]), { message: issue.message }]));
    expect(Object.keys(error)).toEqual(['1', '2']);
    expect(originsError(error, text)).toMatch(/^“https:\/\/bad\.example\/path” must be an origin such as .* \(and 1 more\)$/);
  });

  it('passes a message about the whole list through', () => {
    expect(originsError({ message: 'must list at most 50 origins' }, '')).toBe('must list at most 50 origins');
  });

  it('says nothing without an error, and something general for an error it cannot place', () => {
    expect(originsError(undefined, 'x')).toBeUndefined();
    expect(originsError({ root: { message: 'odd' } }, 'x')).toBe('Check the origins');
  });
});

describe('a site in the form and the list', () => {
  const site = {
    name: 'Acme',
    allowedOrigins: ['https://a.example', 'https://b.example'],
    theme: { color: '#112233', position: 'left', greeting: 'Hello' },
    defaultCategory: 'billing',
    requireTicketForm: true,
    reopenWindowDays: 3,
    businessHours: {
      timeZone: 'Europe/Paris',
      week: { mon: [{ open: '08:00', close: '12:00' }, { open: '13:30', close: '18:00' }], tue: [{ open: '08:00', close: '12:00' }], wed: [], thu: [], fri: [], sat: [], sun: [] },
    },
    awayMessage: 'Back on Monday',
  } as unknown as Site;

  it('a new site starts from the default theme; an existing one from its own', () => {
    const fresh = formValues();
    expect(fresh).toMatchObject({ name: '', allowedOrigins: '', theme: DEFAULT_THEME, defaultCategory: '', requireTicketForm: false, reopenWindowDays: 7, awayMessage: '' });
    // No business hours until the admin turns them on; weekdays 9 to 5 are offered when they do.
    expect(fresh.businessHours).toMatchObject({ enabled: false, week: { mon: [{ open: '09:00', close: '17:00' }], sun: [] } });
    expect(formValues(site)).toEqual({
      name: 'Acme',
      allowedOrigins: 'https://a.example\nhttps://b.example',
      theme: { ...DEFAULT_THEME, ...site.theme },
      defaultCategory: 'billing',
      requireTicketForm: true,
      reopenWindowDays: 3,
      businessHours: {
        enabled: true,
        timeZone: 'Europe/Paris',
        // Every range of every day: a save of other settings keeps them all.
        week: {
          mon: [
            { open: '08:00', close: '12:00' },
            { open: '13:30', close: '18:00' },
          ],
          tue: [{ open: '08:00', close: '12:00' }],
          ...Object.fromEntries(['wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []])),
        },
      },
      awayMessage: 'Back on Monday',
    });
  });

  it("sends back a day's every range, drops a row left empty, and refuses a fifth range or one closing before it opens", () => {
    const hours = formValues(site).businessHours!;
    expect(UpdateSiteForm.parse({ businessHours: hours })).toEqual({ businessHours: site.businessHours });
    const emptied = { ...hours, week: { ...hours.week, tue: [{ open: '', close: '' }], wed: [{ open: '10:00', close: '16:00' }] } };
    expect(UpdateSiteForm.parse({ businessHours: emptied }).businessHours!.week).toMatchObject({ tue: [], wed: [{ open: '10:00', close: '16:00' }] });
    const five = Array.from({ length: 5 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` }));
    expect(UpdateSiteForm.safeParse({ businessHours: { ...hours, week: { ...hours.week, mon: five } } }).success).toBe(false);
    const backwards = { ...hours, week: { ...hours.week, mon: [{ open: '12:00', close: '09:00' }] } };
    expect(UpdateSiteForm.safeParse({ businessHours: backwards }).error?.issues[0]?.path).toEqual(['businessHours', 'week', 'mon', 0, 'close']);
    expect(UpdateSiteForm.parse({ businessHours: { ...hours, enabled: false } })).toEqual({ businessHours: null });
  });

  it('sends the empty default-category choice as null: tickets go to general', () => {
    expect(UpdateSiteForm.parse({ defaultCategory: '', requireTicketForm: false })).toEqual({ defaultCategory: null, requireTicketForm: false });
    expect(UpdateSiteForm.parse({ defaultCategory: 'billing' })).toEqual({ defaultCategory: 'billing' });
    expect(CreateSiteForm.parse({ name: 'Shop', allowedOrigins: '', defaultCategory: '' })).toMatchObject({ defaultCategory: null, requireTicketForm: false });
  });

  it('sums up its origins', () => {
    expect(originSummary([])).toBe('No origins yet');
    expect(originSummary(['https://a.example'])).toBe('https://a.example');
    expect(originSummary(site.allowedOrigins)).toBe('2 origins');
  });
});

describe('theme colours while typing', () => {
  it('the preview shows a valid colour, else the default', () => {
    expect(previewColor(' #abc ')).toBe('#abc');
    expect(previewColor('#12345')).toBe(DEFAULT_THEME.color);
    expect(previewColor(undefined)).toBe(DEFAULT_THEME.color);
  });

  it('the colour picker gets #rrggbb', () => {
    expect(swatchColor('#A1b2C3')).toBe('#A1b2C3');
    expect(swatchColor('#abc')).toBe('#aabbcc');
    expect(swatchColor('red')).toBe(DEFAULT_THEME.color);
  });
});

describe('snippets', () => {
  it('the widget tag loads from this server with the site key', () => {
    expect(widgetSnippet('https://support.example', 'pk_123')).toBe('<script async src="https://support.example/widget.js" data-site-key="pk_123"></script>');
  });

  it('the signing example signs the user id with the identity secret, on the server', () => {
    const code = signingSnippet();
    expect(code).toContain("createHmac('sha256', process.env.DESKLINE_IDENTITY_SECRET)");
    expect(code).toContain('.update(externalId)');
    expect(code).toContain("Deskline('identify'");
  });
});
