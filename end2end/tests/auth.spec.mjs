import { test, expect, password, unique, hydrated } from "./helpers.mjs";

test.describe("with JavaScript", () => {
  test("sign up, log out, log in, see and end sessions", async ({ page, request, baseURL }) => {
    const email = `ada-${unique()}@example.com`;
    await page.goto("/auth/signup");
    await hydrated(page);
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Password again").fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();

    await expect(page.getByTestId("nav-user")).toHaveText("Ada Lovelace");
    await expect(page).toHaveURL(/\/dashboard$/);

    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
    await expect(page.getByTestId("nav-user")).toHaveCount(0);

    await page.getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("nav-user")).toHaveText("Ada Lovelace");

    // A second device signs in elsewhere.
    const other = await request.post("/api/login", {
      headers: { Origin: baseURL },
      form: { email, password },
    });
    expect(other.ok()).toBeTruthy();

    await page.getByRole("link", { name: "Account" }).click();
    await expect(page.getByTestId("session")).toHaveCount(2);
    await expect(page.getByText("This device")).toHaveCount(1);
    await page.getByRole("button", { name: "Sign out all other sessions" }).click();
    await expect(page.getByTestId("session")).toHaveCount(1);
    await expect(page.getByTestId("nav-user")).toHaveText("Ada Lovelace");
  });

  test("field errors appear next to their fields and nothing typed is lost", async ({ page }) => {
    await page.goto("/auth/signup");
    await hydrated(page);
    await page.getByLabel("Name").fill("Bo");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Password again").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.locator("#field-email-error")).toContainText("name@example.com");
    await expect(page.locator("#field-password-error")).toHaveText("Use at least 8 characters.");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Name")).toHaveValue("Bo");
  });

  test("a protected page sends you to log in and back", async ({ page, request, baseURL }) => {
    const email = `grace-${unique()}@example.com`;
    const created = await request.post("/api/signup", {
      headers: { Origin: baseURL },
      form: { name: "Grace", email, password, password_confirm: password },
    });
    expect(created.ok()).toBeTruthy();

    await page.goto("/account");
    await expect(page).toHaveURL(/\/auth\/login\?next=\/account$/);
    await hydrated(page);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a wrong password says so after the full-page post", async ({ page }) => {
    await page.goto("/auth/login");
    await page.getByLabel("Email").fill(`nobody-${unique()}@example.com`);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
    await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  });

  test("sign up, log out and log in by plain form posts", async ({ page }) => {
    const email = `nojs-${unique()}@example.com`;
    await page.goto("/auth/signup");
    await page.getByLabel("Name").fill("Linus");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Password again").fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByTestId("nav-user")).toHaveText("Linus");

    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

    await page.goto("/auth/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("nav-user")).toHaveText("Linus");
  });
});
