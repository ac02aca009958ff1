// Time to the first streamed byte of a chat reply, measured inside headless Chromium (Debian's)
// against a running server: fetch() of the pane's endpoint from a signed-in page, timed with
// performance.now() to the first chunk of the body and to its end. Prints figures only.
//
//   make bench-browser        (starts the release server on a throwaway SQLite file)
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3300";
const rounds = Number(process.env.ROUNDS ?? "200");
const password = "correct horse battery";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage();
const signup = await page.request.post(`${base}/api/signup`, {
  headers: { Origin: base },
  form: { name: "Bench", email: `bench-${Date.now()}@example.com`, password, password_confirm: password, timezone: "UTC" },
});
if (!signup.ok()) throw new Error(`signup answered ${signup.status()}`);
await page.goto(`${base}/tasks`);

const utterances = ["add a task to buy milk tomorrow", "what's overdue?", "mark task 1 as done", "show my tasks", "reopen #1"];
const samples = await page.evaluate(
  async ({ rounds, utterances }) => {
    const out = [];
    for (let i = 0; i < rounds; i++) {
      const body = new URLSearchParams({ text: utterances[i % utterances.length] });
      const start = performance.now();
      const response = await fetch("/api/chat_send", { method: "POST", body });
      const reader = response.body.getReader();
      let first = null;
      for (;;) {
        const { done, value } = await reader.read();
        if (first === null && value && value.length) first = performance.now() - start;
        if (done) break;
      }
      out.push([first, performance.now() - start]);
    }
    return out;
  },
  { rounds, utterances },
);
await browser.close();

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.round((s.length - 1) * p)].toFixed(2);
};
const first = samples.map((s) => s[0]);
const whole = samples.map((s) => s[1]);
console.log(
  `chat in Chromium (${rounds} messages, built-in agent, SQLite): first streamed byte p50 ${pct(first, 0.5)} ms  p99 ${pct(first, 0.99)} ms; whole reply p50 ${pct(whole, 0.5)} ms  p99 ${pct(whole, 0.99)} ms`,
);
