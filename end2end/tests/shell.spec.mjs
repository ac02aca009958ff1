import { test, expect } from "./helpers.mjs";

/**
 * Collects console errors and uncaught exceptions so a test can assert there were none.
 * `expected404` names a page whose own 404 status Chromium reports as a console error.
 */
function watchErrors(page, expected404 = null) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (expected404 && msg.location().url.endsWith(expected404) && msg.text().includes("404")) return;
    errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}

test("home page renders, hydrates and answers a click", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Your tasks");
  await expect(page.getByTestId("status-database")).toHaveText("SQLite");
  await expect(page.getByTestId("status-state")).toHaveText("Ready");

  // Hydrated: the wasm module loaded and ran.
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);

  // The button only works once hydrated: it calls the server function again.
  const answer = page.waitForResponse(
    (r) => r.url().endsWith("/api/status") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Check again" }).click();
  expect((await answer).status()).toBe(200);
  await expect(page.getByTestId("status-state")).toHaveText("Ready");

  expect(errors).toEqual([]);
});

test("unknown pages show a styled 404 with a way home", async ({ page }) => {
  const errors = watchErrors(page, "/nowhere");
  const response = await page.goto("/nowhere");
  expect(response.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("status-state")).toHaveText("Ready");
  expect(errors).toEqual([]);
});

test("readiness and liveness endpoints answer 200", async ({ request }) => {
  expect((await request.get("/healthz")).status()).toBe(200);
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.text()).toBe("ready");
});

test("the page's policy blocks a script that is not ours, and says so", async ({ browser }) => {
  // A plain page (not the guarded one): this test expects the violation.
  const page = await browser.newPage();
  const violations = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.goto("/");
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
  // What an injected <script> (say, from a task title that escaped its escaping) would try.
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return window.__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  await page.close();
});
