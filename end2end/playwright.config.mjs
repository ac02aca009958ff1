// Runs the release server (built by `make test`) on its own port with a throwaway SQLite file,
// and drives Debian's Chromium; Playwright never downloads a browser here.
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "taskpilot-e2e-"));
const server = process.env.TASKPILOT_BIN ?? "../target/release/taskpilot";
const llmPort = process.env.E2E_LLM_PORT ?? "3199";
const llmAppPort = process.env.E2E_LLM_APP_PORT ?? "3101";
const llmAppURL = `http://127.0.0.1:${llmAppPort}`;
// Tests of the LLM-backed chat read this to reach the second server.
process.env.E2E_LLM_APP_URL = llmAppURL;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: server,
      cwd: "..",
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
        LISTEN_ADDR: `127.0.0.1:${port}`,
        APP_URL: baseURL,
        SITE_ROOT: process.env.SITE_ROOT ?? "target/site",
        LOG_LEVEL: "warn",
        // Every test signs up or logs in from 127.0.0.1; the real limit is covered by cargo tests.
        AUTH_ATTEMPTS_PER_MINUTE: "1000",
      },
    },
    // A slow OpenAI-compatible model, and a second server that uses it (the chat stop test).
    {
      command: "node fake-llm.mjs",
      url: `http://127.0.0.1:${llmPort}/`,
      reuseExistingServer: false,
      timeout: 10_000,
      env: { FAKE_LLM_PORT: llmPort },
    },
    {
      command: server,
      cwd: "..",
      url: `${llmAppURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${dataDir}/e2e-llm.db`,
        LISTEN_ADDR: `127.0.0.1:${llmAppPort}`,
        APP_URL: llmAppURL,
        SITE_ROOT: process.env.SITE_ROOT ?? "target/site",
        LOG_LEVEL: "warn",
        AUTH_ATTEMPTS_PER_MINUTE: "1000",
        LLM_BASE_URL: `http://127.0.0.1:${llmPort}/v1`,
        LLM_API_KEY: "test-key",
        LLM_MODEL: "fake-model",
      },
    },
  ],
});
