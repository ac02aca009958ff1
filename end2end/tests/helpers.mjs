// What several specs share: a signed-up user, waiting for hydration, and dates as the app writes them.
import { expect } from "@playwright/test";

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
