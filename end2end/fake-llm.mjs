// A stand-in for a hosted LLM during the browser tests: it speaks the OpenAI chat-completions
// streaming protocol and answers slowly, word by word, so the pane's streaming and its stop button
// can be watched in a real browser. No network beyond 127.0.0.1.
import { createServer } from "node:http";

const port = Number(process.env.FAKE_LLM_PORT ?? "3199");
const words = "Once upon a time there was a very long list of tasks, and one by one they were done, slowly, with care, until the very last one; and then the list was empty.".split(" ");

const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: "fake", object: "chat.completion.chunk", model: "fake", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

createServer((req, res) => {
  if (req.method === "GET") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("fake llm\n");
    return;
  }
  if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
    res.writeHead(404);
    res.end();
    return;
  }
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    res.write(chunk({ role: "assistant", content: "" }));
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      if (i < words.length) {
        res.write(chunk({ content: (i ? " " : "") + words[i++] }));
      } else {
        clearInterval(timer);
        res.write(chunk({}, "stop"));
        res.end("data: [DONE]\n\n");
      }
    }, 250);
    res.on("close", () => clearInterval(timer));
  });
}).listen(port, "127.0.0.1");
