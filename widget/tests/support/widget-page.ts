// The widget as a visitor sees it on a host page (open shadow root: locators reach inside).
import { expect, type Locator, type Page } from '@playwright/test';
import { PNG } from './admin.js';

type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export class WidgetPage {
  constructor(readonly page: Page) {}

  get root() {
    return this.page.locator('deskline-widget');
  }
  get launcher() {
    return this.root.locator('button.dl-l');
  }
  get panel() {
    return this.root.locator('.dl-p');
  }
  get badge() {
    return this.root.locator('.dl-b');
  }
  get composer() {
    return this.panel.getByRole('textbox', { name: 'Message' });
  }

  async open() {
    await this.launcher.click();
    await expect(this.panel).toBeVisible();
  }

  /** Fills and sends the new-ticket form; returns once the ticket's screen shows. */
  async createTicket(subject: string, options: { description?: string; attach?: boolean; category?: string } = {}) {
    await this.panel.getByRole('button', { name: 'New ticket' }).click();
    await this.panel.getByLabel('Subject').fill(subject);
    await this.panel.getByLabel('Description').fill(options.description ?? 'The export button does nothing.');
    if (options.category) await this.panel.getByLabel('Category').selectOption(options.category);
    if (options.attach) await this.attach(this.panel.getByLabel('Attachments'), { name: 'screenshot.png', mimeType: 'image/png', buffer: PNG });
    await this.panel.getByRole('button', { name: 'Send ticket' }).click();
    await expect(this.panel.getByRole('heading', { level: 2 })).toContainText(subject);
  }

  /** Chooses files through an attach button, as a visitor does (the native input is hidden behind it). */
  async attach(button: Locator, ...files: FilePayload[]) {
    const chooser = this.page.waitForEvent('filechooser');
    await button.click();
    await (await chooser).setFiles(files);
  }

  async send(body: string) {
    await this.composer.fill(body);
    await this.composer.press('Enter');
  }

  /** The chat's message bubbles, in order. */
  get messages() {
    return this.panel.locator('.dl-chat > li');
  }
}
