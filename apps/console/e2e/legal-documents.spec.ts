import { USERS, expect, test } from './fixtures.ts';

const HOSTILE_MARKDOWN = `## Your data

We keep **what the service needs**.

- Data stays where you chose
- You may ask for a copy

Read [our terms](https://keyway.example/terms).

<style>body { display: none }</style>
<a href="https://keyway.example/styled" onclick="alert('click')" style="color: red">styled</a>
<iframe src="https://keyway.example/frame"></iframe>
<form action="https://keyway.example/steal"><input name="password"></form>
<svg onload="alert('svg')"></svg>
<script>window.__pwned = true</script>
[inline page](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
`;

test('a legal document’s preview shows its headings, lists and links as a document, and nothing of a script, a style, a frame or a handler', async ({
  page,
  signInAs,
}) => {
  const alerts: string[] = [];
  page.on('dialog', async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  await signInAs(USERS.tier1Admin);
  await page.goto('/admin/branding');
  await page.getByRole('button', { name: 'New document' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Text (Markdown)').fill(HOSTILE_MARKDOWN);

  const preview = dialog.getByRole('region', { name: 'Preview' });
  const heading = preview.getByRole('heading', { level: 2, name: 'Your data' });
  await expect(heading).toBeVisible();
  const list = preview.getByRole('list');
  await expect(list).toHaveCount(1);
  await expect(list.getByRole('listitem')).toHaveText(['Data stays where you chose', 'You may ask for a copy']);
  await expect(preview.getByRole('link', { name: 'our terms' })).toHaveAttribute('href', 'https://keyway.example/terms');
  // Typography, not one run of text: bullets, a heading larger than the text, an underlined link.
  await expect(list).toHaveCSS('list-style-type', 'disc');
  const sizes = await Promise.all([heading, preview.locator('p').first()].map((element) => element.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))));
  expect(sizes[0]).toBeGreaterThan(sizes[1]!);
  await expect(preview.getByRole('link', { name: 'our terms' })).toHaveCSS('text-decoration-line', 'underline');

  // The hostile parts are gone, and the link they decorated keeps only its address.
  await expect(preview.locator('script, style, iframe, form, input, svg, [style], [onclick], [onload]')).toHaveCount(0);
  await expect(preview.locator('a[href^="data:"], a[href^="javascript:"]')).toHaveCount(0);
  await expect(preview.getByRole('link', { name: 'styled' })).toHaveAttribute('href', 'https://keyway.example/styled');
  await expect(page.getByRole('heading', { level: 1, name: 'Branding Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  expect(alerts).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});
