//! A code-heavy post of a given size, the same bytes every time: issue 14's third render target
//! (`cargo run --release --example code_post -- /tmp/code-200k.md 200000`) and `benches/render.rs`.
//!
//! About three quarters of it is fenced code in six languages (Rust, Python, Go, TypeScript,
//! YAML, shell), between short paragraphs, lists and a table. Every block differs (its numbers and
//! names change with its section), so no highlighting is reused from an earlier block.

use std::fmt::Write as _;

/// The post: a title, then sections until it is at least `bytes` long.
pub fn code_heavy(bytes: usize) -> String {
    let mut out = String::from("# Notes from a year of production code\n\n");
    let mut n = 0;
    while out.len() < bytes {
        section(&mut out, n);
        n += 1;
    }
    out
}

fn section(out: &mut String, n: usize) {
    let _ = write!(
        out,
        "## Part {n}: what broke and how we fixed it\n\n\
         The service number {n} had a *slow path* that showed under load; the fix was small, see \
         the [tracking issue](https://example.com/issues/{n}) and the `worker_{n}` module below.\n\n\
         - measure first, with `cargo bench` and a flame graph\n\
         - then change **one** thing at a time\n\n"
    );
    match n % 6 {
        0 => {
            let _ = write!(
                out,
                "```rust\nuse std::collections::HashMap;\n\n/// Counts words, part {n}.\npub fn count_{n}(text: &str) -> HashMap<&str, usize> {{\n    let mut counts = HashMap::with_capacity({cap});\n    for word in text.split_whitespace().filter(|w| w.len() > {n} % 7) {{\n        *counts.entry(word).or_insert(0) += 1; // {n}\n    }}\n    counts\n}}\n\n#[derive(Debug, Clone, PartialEq)]\nstruct Job{n} {{\n    id: u64,\n    name: String,\n    retries: Option<u8>,\n}}\n\nimpl Job{n} {{\n    fn run(&self) -> Result<(), Box<dyn std::error::Error>> {{\n        if self.retries.unwrap_or(0) > {r} {{\n            return Err(format!(\"job {{}} gave up\", self.id).into());\n        }}\n        Ok(())\n    }}\n}}\n```\n\n",
                cap = n * 16 + 8,
                r = n % 5
            );
        }
        1 => {
            let _ = write!(
                out,
                "```python\nimport asyncio\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Reading{n}:\n    sensor: str\n    value: float = {n}.5\n\n\nasync def poll_{n}(client, interval=0.{n}):\n    \"\"\"Polls the sensors of part {n}.\"\"\"\n    readings = []\n    for i in range({n} % 9 + 3):\n        data = await client.get(f\"/sensors/{{i}}\")  # {n}\n        if data.get(\"ok\") and data[\"value\"] > {n}:\n            readings.append(Reading{n}(data[\"name\"], data[\"value\"]))\n        await asyncio.sleep(interval)\n    return sorted(readings, key=lambda r: r.value)\n```\n\n"
            );
        }
        2 => {
            let _ = write!(
                out,
                "```go\npackage worker{n}\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n\n// Run drains the queue of part {n}.\nfunc Run(ctx context.Context, jobs <-chan string) error {{\n\tticker := time.NewTicker({n} * time.Millisecond)\n\tdefer ticker.Stop()\n\tfor {{\n\t\tselect {{\n\t\tcase <-ctx.Done():\n\t\t\treturn ctx.Err()\n\t\tcase job, ok := <-jobs:\n\t\t\tif !ok {{\n\t\t\t\treturn nil\n\t\t\t}}\n\t\t\tfmt.Printf(\"job %s of %d\\n\", job, {n})\n\t\tcase <-ticker.C:\n\t\t\tcontinue\n\t\t}}\n\t}}\n}}\n```\n\n"
            );
        }
        3 => {
            let _ = write!(
                out,
                "```typescript\ninterface Options{n} {{\n  retries: number;\n  timeoutMs?: number;\n}}\n\nexport async function fetchWithRetry{n}(url: string, opts: Options{n} = {{ retries: {r} }}): Promise<Response> {{\n  let last: unknown = null;\n  for (let attempt = 0; attempt <= opts.retries; attempt++) {{\n    try {{\n      const res = await fetch(`${{url}}?part={n}&try=${{attempt}}`);\n      if (res.ok) return res;\n    }} catch (err) {{\n      last = err; // part {n}\n    }}\n  }}\n  throw new Error(`gave up after ${{opts.retries}} tries: ${{String(last)}}`);\n}}\n```\n\n",
                r = n % 4 + 1
            );
        }
        4 => {
            let _ = write!(
                out,
                "```yaml\nname: ci-{n}\non:\n  push:\n    branches: [main, release-{n}]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        rust: [stable, beta]\n        shard: [{a}, {b}]\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --locked --workspace -- --test-threads={t}\n        env:\n          RUST_BACKTRACE: \"1\"\n          PART: \"{n}\"\n```\n\n",
                a = n % 3,
                b = n % 3 + 1,
                t = n % 8 + 1
            );
        }
        _ => {
            let _ = write!(
                out,
                "```sh\n#!/usr/bin/env bash\nset -euo pipefail\n# Part {n}: rotate the logs older than {d} days.\nfor f in /var/log/app-{n}/*.log; do\n  if [ \"$(find \"$f\" -mtime +{d} -print)\" ]; then\n    gzip -9 \"$f\" && echo \"rotated $f\" >&2\n  fi\ndone\ncount=$(ls /var/log/app-{n} | wc -l)\necho \"kept $count files\"\n```\n\n",
                d = n % 30 + 1
            );
        }
    }
    if n % 4 == 3 {
        let _ = write!(
            out,
            "| run | before | after |\n|---|--:|--:|\n| p50 | {} ms | {} ms |\n| p99 | {} ms | {} ms |\n\n",
            n + 40,
            n / 2 + 9,
            n * 3 + 100,
            n + 20
        );
    }
}
