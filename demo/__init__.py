"""Demo content for a fresh install and for benchmarks: fictional stories, people and places."""
