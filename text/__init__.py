"""Text mechanisms every app may use: HTML made safe or plain (`text.html`), text XML accepts (`text.xml`)."""
