// What every spec shares: a page that fails its test on any Content-Security-Policy violation, a
// signed-up user, waiting for hydration, and dates as the app writes them.
import { test as base, expect } from "@playwright/test";

/**
 * Playwright's `test`, with a page that records every CSP violation (the browser's own event, and
 * its console report) and fails the test if there was one: the app must work under its policy.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const violations = [];
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
      });
    });
    page.on("console", (msg) => {
      if (/Content[ -]Security[ -]Policy/i.test(msg.text())) violations.push(`${msg.text()} (${msg.location().url})`);
    });
    await use(page);
    expect(violations, "no Content-Security-Policy violation").toEqual([]);
  },
});
export { expect };

export const password = "correct horse battery";
export const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Signs up a new user (UTC) in this page's browser context; returns the email. */
export async function signUp(page, baseURL, { name = "Tess", prefix = "user" } = {}) {
  const email = `${prefix}-${unique()}@example.com`;
  const response = await page.request.post("/api/signup", {
    headers: { Origin: baseURL },
    form: { name, email, password, password_confirm: password, timezone: "UTC" },
  });
  expect(response.ok()).toBeTruthy();
  return email;
}

/** Waits until the page has hydrated (the app marks <body> once it has). */
export async function hydrated(page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** "Thu 26 Nov" for today + `days`, as the app writes due dates (UTC user). */
export function dayLabel(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).replace(",", "");
}
