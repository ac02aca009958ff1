import { test, expect, signUp, hydrated, dayLabel } from "./helpers.mjs";

/** Opens a task's edit form ("Edit" is a link to `?edit=<number>`, so it also works without JavaScript). */
async function openEdit(row) {
  const toggle = row.getByRole("link", { name: /^Edit #/ });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(row.getByLabel("Title")).toBeVisible();
}

/** A link of the main navigation bar. */
function nav(page, name) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

test.describe("with JavaScript", () => {
  test("quick add understands hints and previews them", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    await hydrated(page);
    await expect(page.getByText("No tasks yet")).toBeVisible();

    const box = page.getByLabel("Add a task");
    await box.fill("Pay rent tomorrow !high #home");
    await expect(page.getByTestId("quick-add-preview")).toContainText("“Pay rent”");
    await expect(page.getByTestId("quick-add-preview")).toContainText("high priority");
    await expect(page.getByTestId("quick-add-preview")).toContainText("#home");
    await box.press("Enter");

    const row = page.getByTestId("task").filter({ hasText: "Pay rent" });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("task-title")).toHaveText("Pay rent");
    await expect(row.getByTestId("task-due")).toContainText(dayLabel(1));
    await expect(row.getByTestId("task-priority")).toHaveText("high priority");
    await expect(row).toContainText("#home");
    await expect(row).toContainText("#1");
    await expect(box).toHaveValue("");

    // Bad input keeps what was typed and says why.
    await box.fill("   !low");
    await box.press("Enter");
    await expect(page.locator("#quick-add-error")).toContainText("title");
    await expect(box).toHaveValue("   !low");
  });

  test("a row's edit form opens and closes from the keyboard", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    await hydrated(page);
    const box = page.getByLabel("Add a task");
    await box.fill("Water the plants");
    await box.press("Enter");
    const row = page.getByTestId("task").first();
    await expect(row).toContainText("Water the plants");

    // Enter on "Edit" opens the form in place and puts the cursor in its title.
    await row.getByRole("link", { name: /^Edit #1/ }).focus();
    await page.keyboard.press("Enter");
    await expect(row.getByLabel("Title")).toBeFocused();
    await expect(page).toHaveURL(/\/tasks$/);
    // Enter on "Close" closes it and gives the focus back to "Edit".
    const close = row.getByRole("link", { name: /^Edit #1/ });
    await expect(close).toHaveText("Close");
    await close.focus();
    await page.keyboard.press("Enter");
    await expect(row.getByLabel("Title")).toHaveCount(0);
    await expect(row.getByRole("link", { name: /^Edit #1/ })).toBeFocused();
    await expect(row.getByRole("link", { name: /^Edit #1/ })).toHaveText("Edit");
  });

  test("complete, edit, delete and undo", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    await hydrated(page);
    const box = page.getByLabel("Add a task");
    await box.fill("Buy groceries");
    await box.press("Enter");
    await expect(page.getByTestId("task")).toHaveCount(1);

    const check = page.getByRole("checkbox", { name: /Mark #1 “Buy groceries” as done/ });
    await check.click();
    await expect(page.getByRole("checkbox", { name: /as not done/ })).toHaveAttribute("aria-checked", "true");

    const row = page.getByTestId("task").first();
    await openEdit(row);
    await row.getByLabel("Title").fill("Buy groceries and bread");
    await row.getByLabel("Due").fill("next friday");
    await row.getByLabel("Tags").fill("errands, Home");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("task-title")).toHaveText("Buy groceries and bread");
    // A saved edit closes its form.
    await expect(row.getByLabel("Title")).toHaveCount(0);
    await expect(row.getByRole("link", { name: /^Edit #1/ })).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByTestId("task")).toContainText("#errands");
    await expect(page.getByTestId("task")).toContainText("#home");

    // An unreadable date is refused with a sentence; nothing changes.
    const row2 = page.getByTestId("task").first();
    await openEdit(row2);
    await row2.getByLabel("Due").fill("someday maybe");
    await row2.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#edit-due-1-error")).toContainText("date wasn't understood");
    await expect(row2.getByLabel("Due")).toHaveAttribute("aria-invalid", "true");
    await expect(row2.getByLabel("Due")).toHaveValue("someday maybe");
    await expect(page.getByTestId("task-error")).toBeEmpty();

    await page.getByRole("button", { name: /Delete #1/ }).click();
    await expect(page.getByTestId("task")).toHaveCount(0);
    await expect(page.getByTestId("undo-toast")).toContainText("Deleted #1");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByTestId("task-title")).toHaveText("Buy groceries and bread");
  });

  test("filters live in the URL and survive a reload", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    await hydrated(page);
    const box = page.getByLabel("Add a task");
    for (const line of ["Write report #work", "Water plants #home", "Call plumber #home !high"]) {
      await box.fill(line);
      await box.press("Enter");
      await expect(page.getByTestId("task").filter({ hasText: line.split(" #")[0] })).toHaveCount(1);
    }
    await page.getByRole("checkbox", { name: /Water plants/ }).click();
    await expect(page.getByRole("checkbox", { name: /Water plants.*not done/ })).toHaveCount(1);

    await page.getByRole("link", { name: "Completed" }).click();
    await expect(page).toHaveURL(/status=completed/);
    await expect(page.getByTestId("task")).toHaveCount(1);
    await page.reload();
    await expect(page.getByTestId("task")).toHaveCount(1);
    await expect(page.getByTestId("task-title")).toHaveText("Water plants");
    await expect(page.getByRole("link", { name: "Completed" })).toHaveAttribute("aria-current", "page");
    // Only the tab shown is the current one.
    await expect(page.locator('.status-tabs [aria-current="page"]')).toHaveCount(1);

    await page.goto("/tasks?tag=home&sort=title");
    await expect(page.getByTestId("task-title")).toHaveText(["Call plumber", "Water plants"]);
    await page.goto("/tasks?q=REPORT");
    await expect(page.getByTestId("task-title")).toHaveText(["Write report"]);
    await page.goto("/tasks?status=overdue");
    await expect(page.getByText("No tasks match these filters")).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the assistant beside the list says it needs JavaScript instead of loading forever", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    const assistant = page.getByRole("complementary", { name: "Assistant" });
    // Playwright's own text matching skips <noscript>; the browser's rendered text does not.
    await expect.poll(() => assistant.innerText()).toContain("The assistant needs JavaScript.");
    await expect(assistant.getByTestId("chat-loading")).toBeHidden();
  });

  test("add and complete by plain form posts", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks");
    await page.getByLabel("Add a task").fill("Renew passport in 3 days !high");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page).toHaveURL(/\/tasks\??$/);
    const row = page.getByTestId("task");
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("task-title")).toHaveText("Renew passport");
    await expect(row.getByTestId("task-due")).toContainText(dayLabel(3));
    await page.getByRole("checkbox", { name: /Mark #1/ }).click();
    await expect(page.getByRole("checkbox", { name: /as not done/ })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("button", { name: /Delete #1/ }).click();
    await expect(page.getByText("No tasks yet")).toBeVisible();
  });

  test("edit through a link that keeps the filters", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { prefix: "tasks" });
    await page.goto("/tasks?status=active");
    await page.getByLabel("Add a task").fill("Buy milk");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const row = page.getByTestId("task");
    await expect(row).toHaveCount(1);
    await openEdit(row);
    await expect(page).toHaveURL(/\/tasks\?status=active&edit=1$/);
    await row.getByLabel("Title").fill("Buy oat milk");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByTestId("task-title")).toHaveText("Buy oat milk");

    // A refused edit comes back with the form open and the reason next to the field.
    await row.getByLabel("Due").fill("someday maybe");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#edit-due-1-error")).toContainText("date wasn't understood");
    await expect(row.getByLabel("Due")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("task-error")).toBeEmpty();
  });
});

test("the dashboard's counts follow the task list", async ({ page, baseURL }) => {
  await signUp(page, baseURL, { prefix: "tasks" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("dash-empty")).toBeVisible();

  await page.goto("/tasks");
  await hydrated(page);
  const box = page.getByLabel("Add a task");
  for (const line of ["Call the bank today", "Renew passport in 3 days !high"]) {
    await box.fill(line);
    await box.press("Enter");
    await expect(page.getByTestId("task").filter({ hasText: line.split(" ")[0] })).toHaveCount(1);
  }
  await nav(page, "Dashboard").click();
  await expect(page.getByTestId("dash-total")).toHaveText("2");
  await expect(page.getByTestId("dash-completed")).toHaveText("0");
  await expect(page.getByTestId("dash-today")).toHaveText("1");
  await expect(page.getByTestId("dash-chart")).toBeVisible();

  await nav(page, "Tasks").click();
  await page.getByRole("checkbox", { name: /Call the bank/ }).click();
  await expect(page.getByRole("checkbox", { name: /Call the bank.*not done/ })).toHaveCount(1);
  await nav(page, "Dashboard").click();
  await expect(page.getByTestId("dash-completed")).toHaveText("1");
  await expect(page.getByTestId("dash-today")).toHaveText("0");
  await expect(page.getByTestId("dash-rate")).toContainText("50");
});
