import { test, expect, signUp, hydrated } from "./helpers.mjs";

/** A JSON-RPC ping to the MCP endpoint with this bearer token, as an assistant would send it. */
function ping(page, token) {
  return page.request.post("/mcp", {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "application/json, text/event-stream",
      "Content-Type": "application/json",
      "MCP-Protocol-Version": "2025-06-18",
    },
    data: { jsonrpc: "2.0", id: 1, method: "ping" },
  });
}

test("an assistant token is shown once, copies, works at /mcp and stops working when revoked", async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signUp(page, baseURL, { name: "Mae", prefix: "mcp" });
  await page.goto("/account");
  await hydrated(page);

  await page.getByLabel("Token name").fill("Laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  const card = page.getByTestId("mcp-new-token");
  await expect(card).toContainText("it will not be shown again");
  const token = await page.getByTestId("mcp-token").inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expect(page.getByTestId("mcp-url")).toHaveValue(/\/mcp$/);
  await expect(page.getByTestId("mcp-config")).toContainText(`Bearer ${token}`);

  // The first Copy button copies the token itself.
  await card.getByRole("button", { name: "Copy" }).first().click();
  await expect(card.getByRole("button", { name: "Copied" })).toHaveCount(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  expect((await ping(page, token)).status()).toBe(200);

  // After a reload the token is listed by name but never shown again.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("mcp-new-token")).toHaveCount(0);
  await expect(page.getByTestId("mcp-token-row")).toContainText("Laptop");
  await expect(page.getByTestId("mcp-token-row")).toContainText("last used");

  await page.getByRole("button", { name: "Revoke Laptop" }).click();
  await expect(page.getByTestId("mcp-token-row")).toHaveCount(0);
  await expect(page.getByTestId("mcp-no-tokens")).toBeVisible();
  expect((await ping(page, token)).status()).toBe(401);
});
