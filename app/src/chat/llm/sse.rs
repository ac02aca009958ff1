//! Server-sent events as chat-completions streams send them.

/// Reads server-sent events from a byte stream: `data:` lines, an event per blank line. Comments
/// (keep-alives) and other fields are ignored.
#[derive(Default)]
pub struct SseReader {
    buffer: Vec<u8>,
    data: Option<String>,
    pub saw_bytes: bool,
}

impl SseReader {
    /// Adds bytes; returns the data of every event they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.saw_bytes |= !bytes.is_empty();
        self.buffer.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = self.buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.buffer.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                events.extend(self.data.take());
            } else if let Some(value) = line.strip_prefix("data:") {
                let value = value.strip_prefix(' ').unwrap_or(value);
                match &mut self.data {
                    Some(data) => {
                        data.push('\n');
                        data.push_str(value);
                    }
                    None => self.data = Some(value.to_owned()),
                }
            }
        }
        events
    }

    /// The last event when the stream ended without a blank line after it.
    pub fn finish(&mut self) -> Option<String> {
        if !self.buffer.is_empty() {
            let rest = std::mem::take(&mut self.buffer);
            self.push(&rest);
            self.push(b"\n");
        }
        self.data.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_events_survive_any_split() {
        let stream = "data: {\"a\":1}\r\n\r\n: keep-alive\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n";
        for cut in 0..stream.len() {
            let mut reader = SseReader::default();
            let (head, tail) = stream.as_bytes().split_at(cut);
            let mut events = reader.push(head);
            events.extend(reader.push(tail));
            events.extend(reader.finish());
            assert_eq!(events, ["{\"a\":1}", "{\"b\":2}", "[DONE]"], "cut at {cut}");
        }
    }

    #[test]
    fn an_event_without_a_final_blank_line_is_kept() {
        let mut reader = SseReader::default();
        assert!(reader.push(b"data: {\"a\":1}").is_empty());
        assert_eq!(reader.finish().as_deref(), Some("{\"a\":1}"));
    }
}
