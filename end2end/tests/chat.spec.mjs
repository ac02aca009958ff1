import { test, expect, signUp, hydrated, dayLabel } from "./helpers.mjs";

async function send(pane, text) {
  const input = pane.getByTestId("chat-input");
  await input.fill(text);
  await input.press("Enter");
}

test("the pane beside the list adds and completes a task, and the chat survives a reload", async ({ page, baseURL }) => {
  await signUp(page, baseURL, { name: "Cleo", prefix: "chat" });
  await page.goto("/tasks");
  await hydrated(page);
  const pane = page.getByTestId("chat-pane");
  // The pane loads once the page is live; its loading note then goes away.
  await expect(pane.getByRole("button", { name: "What's due today?" })).toBeVisible();
  await expect(page.getByTestId("chat-loading")).toHaveCount(0);

  await send(pane, "add a task to buy milk tomorrow");
  await expect(pane.getByTestId("chat-message").last()).toContainText("Added #1 'Buy milk' — due " + dayLabel(1));
  await expect(pane.getByTestId("tool-card").first()).toContainText("add_task");
  await expect(pane.getByTestId("chat-input")).toHaveValue("");
  // The list beside it shows the task without a reload.
  const row = page.getByTestId("task").filter({ hasText: "Buy milk" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("task-due")).toContainText(dayLabel(1));

  await send(pane, "mark it done");
  await expect(pane.getByTestId("chat-message").last()).toContainText("Marked #1 'Buy milk' as done.");
  await expect(page.getByRole("checkbox", { name: /Buy milk.*not done/ })).toHaveAttribute("aria-checked", "true");

  await page.reload();
  await hydrated(page);
  await expect(pane.getByTestId("chat-message")).toHaveCount(4);
  await expect(pane).toContainText("Marked #1 'Buy milk' as done.");
});

test("chat text is plain text, and Shift+Enter makes a new line", async ({ page, baseURL }) => {
  await signUp(page, baseURL, { name: "Cleo", prefix: "chat" });
  await page.goto("/tasks");
  await hydrated(page);
  const pane = page.getByTestId("chat-pane");
  const input = pane.getByTestId("chat-input");
  await expect(input).toHaveAccessibleDescription("Enter sends; Shift+Enter starts a new line.");
  await input.fill("add <b>bold</b> <img src=x onerror=alert(1)> plan");
  await input.press("Shift+Enter");
  await expect(input).toHaveValue("add <b>bold</b> <img src=x onerror=alert(1)> plan\n");
  await input.press("Enter");
  await expect(pane.getByTestId("chat-message").last()).toContainText("Added #1 '<b>bold</b> <img src=x onerror=alert(1)> plan'");
  await expect(pane.locator("b, img")).toHaveCount(0);

  await send(pane, "show my tasks");
  // The list is a real list, one item per task.
  await expect(pane.getByTestId("chat-message").last().locator("li")).toHaveCount(1);
});

test("/chat keeps conversations: grouped, resumed, renamed and deleted", async ({ page, baseURL }) => {
  await signUp(page, baseURL, { name: "Cleo", prefix: "chat" });
  await page.goto("/chat");
  await hydrated(page);
  const pane = page.getByTestId("chat-pane");
  await send(pane, "what's overdue?");
  await expect(pane.getByTestId("chat-message").last()).toContainText("You have no overdue tasks.");
  const history = page.getByRole("navigation", { name: "Conversations" });
  await expect(history.getByRole("heading", { name: "Today" })).toBeVisible();
  await expect(history.getByTestId("conversation")).toHaveCount(1);
  await expect(history.getByTestId("conversation")).toContainText("what's overdue?");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);

  // A second conversation, then back to the first.
  await history.getByTestId("new-chat").click();
  await hydrated(page);
  await send(pane, "hello");
  await expect(pane.getByTestId("chat-message").last()).toContainText("I can add");
  await expect(history.getByTestId("conversation")).toHaveCount(2);
  await history.getByRole("link", { name: "what's overdue?" }).click();
  await expect(pane.getByTestId("chat-message").first()).toContainText("what's overdue?");

  await history.getByRole("button", { name: "Rename “what's overdue?”" }).click();
  const title = history.getByLabel("New title");
  await title.fill("Late things");
  await title.press("Enter");
  await expect(history.getByRole("link", { name: "Late things" })).toBeVisible();

  page.once("dialog", (dialog) => dialog.accept());
  await history.getByRole("button", { name: "Delete “Late things”" }).click();
  await expect(history.getByTestId("conversation")).toHaveCount(1);
  await expect(page).toHaveURL(/\/chat$/);
});

test.describe("with a language model configured", () => {
  test.use({ baseURL: process.env.E2E_LLM_APP_URL });

  test("a reply streams in word by word and the stop button ends it", async ({ page, baseURL }) => {
    await signUp(page, baseURL, { name: "Cleo", prefix: "chat" });
    await page.goto("/chat");
    await hydrated(page);
    const pane = page.getByTestId("chat-pane");
    await send(pane, "tell me a story");
    // The first words show while the model is still writing.
    const live = pane.getByTestId("chat-live");
    await expect(live).toContainText("Once upon a time");
    await expect(live).not.toContainText("the list was empty");
    await pane.getByTestId("chat-stop").click();
    await expect(live).toHaveCount(0);
    const reply = pane.getByTestId("chat-message").last();
    await expect(reply).toContainText("Once upon a time");
    await expect(reply).toContainText("(stopped)");
    await expect(reply).not.toContainText("the list was empty");
    // The pane is ready for the next message.
    await expect(pane.getByTestId("chat-input")).toBeEditable();
    await expect(pane.getByTestId("chat-stop")).toHaveCount(0);

    // What the server kept is what was shown: the partial reply, marked as stopped (it notices
    // the closed connection within a moment, so look again until it has stored it).
    await expect
      .poll(async () => {
        await page.reload();
        await hydrated(page);
        return pane.getByTestId("chat-message").last().innerText();
      })
      .toContain("(stopped)");
    await expect(pane.getByTestId("chat-message").last()).not.toContainText("the list was empty");
  });
});

test("a refused message says why, keeps the text and offers retry", async ({ page, baseURL }) => {
  await signUp(page, baseURL, { name: "Cleo", prefix: "chat" });
  await page.goto("/tasks");
  await hydrated(page);
  const pane = page.getByTestId("chat-pane");
  const input = pane.getByTestId("chat-input");
  // The box stops at 4,000 characters; a value set by script gets past it (as an extension might).
  const long = "x".repeat(4001);
  await input.evaluate((el, value) => {
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, long);
  await input.press("Enter");
  const error = pane.getByTestId("chat-error");
  await expect(error).toContainText("A message can have at most 4000 characters.");
  await expect(input).toHaveValue(long);
  await expect(error.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(pane.getByTestId("chat-message")).toHaveCount(0);
});
