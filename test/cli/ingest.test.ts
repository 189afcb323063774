import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LibraryStore } from "../../src/core/store/library-store.ts";
import { runCli } from "../helpers/run-cli.ts";
import { openSeedLibrary, tempDir } from "../helpers/seed-library.ts";

const dirs: { remove: () => void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

function scratch() {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
}

/** A short article with facts of its own (numbers unique to `n`), as a committee's news item would be. */
function article(n: number, topic = "huyện"): string {
  return [
    `Kết quả cải cách hành chính ${topic} mã ${n}`,
    "",
    `Ngày 12/3/2025, Ủy ban nhân dân ${topic} mã ${n} tổ chức hội nghị sơ kết công tác cải cách hành chính quý I.`,
    `Trong quý, ${topic} mã ${n} đã giải quyết ${1000 + n} hồ sơ thủ tục hành chính đúng hạn, đạt tỷ lệ ${(90 + (n % 10) / 10).toFixed(1).replace(".", ",")}%, và cắt giảm ${n % 40} thủ tục không cần thiết theo chỉ đạo của tỉnh.`,
  ].join("\n");
}

function writeArticles(dir: string, from: number, count: number, topic?: string): void {
  mkdirSync(dir, { recursive: true });
  for (let n = from; n < from + count; n++) writeFileSync(join(dir, `tin-${n}.txt`), article(n, topic));
}

describe("npm run ingest", () => {
  it("adds a folder recursively, reports a summary with reasons, and shows what it stored", async () => {
    const dataDir = scratch();
    const input = join(scratch(), "input");
    writeArticles(join(input, "2025", "quy-1"), 1, 3);
    writeFileSync(join(input, "trong.txt"), "   \n");
    writeFileSync(join(input, "anh.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(input, "ban-sao.md"), article(2));

    const run = await runCli("src/cli/ingest.ts", [input], { dataDir });
    expect(run.code).toBe(1); // one file refused
    expect(run.stdout).toMatch(/Tổng cộng 5: thêm 3, đã có 1, cập nhật 0, từ chối 1/);
    expect(run.stdout).toMatch(/trong\.txt: .*\(EMPTY_FILE\)/);
    expect(run.stdout).not.toContain("anh.png");

    const list = await runCli("src/cli/ingest.ts", ["--list", "--json"], { dataDir });
    const rows = list.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(8); // 5 seeds + 3
    expect(rows[0]).toMatchObject({ origin: "cli", date: "12/03/2025" });
    expect(rows[0]).not.toHaveProperty("body");

    const id = rows.find((row) => row.title === "Kết quả cải cách hành chính huyện mã 2")?.id;
    const shown = await runCli("src/cli/ingest.ts", ["--show", id, "--json"], { dataDir });
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, originalName: "tin-2.txt" });
    expect(JSON.parse(shown.stdout).body).toContain("1002 hồ sơ");
    const text = await runCli("src/cli/ingest.ts", ["--show", id], { dataDir });
    expect(text.stdout).toMatch(/^id: {6}a_[0-9a-f]{16}\ntitle: {3}Kết quả/);

    const audit = await runCli("src/cli/ingest.ts", ["--audit"], { dataDir });
    expect(audit.stdout.split("\n").filter((line) => line.includes("\tadd\tcli\t"))).toHaveLength(3);
    expect((await runCli("src/cli/ingest.ts", ["--show", "nope"], { dataDir })).code).toBe(1);
  });

  it("refuses a source that is not a web address, and a file type of its own named on the command line", async () => {
    const dataDir = scratch();
    const input = scratch();
    writeArticles(input, 1, 1);
    const file = join(input, readdirSync(input)[0] ?? "");
    const script = await runCli("src/cli/ingest.ts", [file, "--url", "javascript:alert(1)"], { dataDir });
    expect(script.stdout).toMatch(/\(URL_INVALID\)/);
    const ftp = await runCli("src/cli/ingest.ts", ["ftp://example.vn/bai.txt"], { dataDir });
    expect(ftp.stdout).toMatch(/\(URL_INVALID\)/);
    writeFileSync(join(input, "bai.rtf"), `{\\rtf1\\ansi ${article(3)}}`);
    const rtf = await runCli("src/cli/ingest.ts", [join(input, "bai.rtf")], { dataDir });
    expect(rtf.stdout).toMatch(/bai\.rtf: .*\(UNSUPPORTED_TYPE\)/);
    const list = await runCli("src/cli/ingest.ts", ["--list"], { dataDir });
    expect(list.stdout.trim().split("\n")).toHaveLength(5); // the seeds only
  });

  it("two ingests at once leave every article stored and searchable", async () => {
    const dataDir = scratch();
    const input = scratch();
    writeArticles(join(input, "a"), 100, 30, "xã");
    writeArticles(join(input, "b"), 200, 20, "phường");
    const [a, b] = await Promise.all([
      runCli("src/cli/ingest.ts", [join(input, "a")], { dataDir }),
      runCli("src/cli/ingest.ts", [join(input, "b")], { dataDir }),
    ]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, ""]);

    const seeded = await openSeedLibrary({ dataDir });
    expect(seeded.library.stats().articles).toBe(55);
    for (const stored of seeded.store.listArticles()) {
      expect(seeded.library.passageCount(stored.id), stored.id).toBeGreaterThan(0);
    }
    const hits = await seeded.library.search("phường mã 217 giải quyết bao nhiêu hồ sơ");
    expect(seeded.library.article(hits[0]?.articleId ?? "")?.title).toBe(
      "Kết quả cải cách hành chính phường mã 217",
    );
    await seeded.closeKeepingData();
  });

  it("killed in the middle, leaves a consistent store that the next start indexes in full", async () => {
    const dataDir = scratch();
    const input = scratch();
    writeArticles(input, 1, 400);
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ingest.ts", input], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let added = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        added += chunk.toString().split("Đã thêm").length - 1;
        if (added >= 30) resolve();
      });
      child.on("close", () => resolve());
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));

    const store = LibraryStore.open(join(dataDir, "library.sqlite"));
    const count = store.countArticles();
    expect(count).toBeGreaterThanOrEqual(35); // 5 seeds + at least 30
    expect(count).toBeLessThan(405); // really stopped midway
    expect(store.articlesByLog()).toBe(count);
    store.close();

    const seeded = await openSeedLibrary({ dataDir });
    expect(seeded.library.stats().articles).toBe(count);
    for (const stored of seeded.store.listArticles()) {
      expect(seeded.library.passageCount(stored.id), stored.id).toBeGreaterThan(0);
    }
    await seeded.closeKeepingData();
  });

  it("adds a web page by URL, updates it when its content changes, and refuses private addresses", async () => {
    const dataDir = scratch();
    let version = 1;
    const server = createServer((_req, res) => {
      const body = article(700 + version)
        .split("\n")
        .map((line) => `<p>${line}</p>`)
        .join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<html><head><title>Cổng thông tin</title></head><body><article>${body}</article></body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tin/ket-qua-cchc`;
    try {
      const env = { URL_FETCH_ALLOW_LOOPBACK: "true" };
      const first = await runCli("src/cli/ingest.ts", [url], { dataDir, env });
      expect(first.stdout).toMatch(/Đã thêm: (a_[0-9a-f]{16})/);
      const id = /Đã thêm: (a_[0-9a-f]{16})/.exec(first.stdout)?.[1];
      version = 2;
      const second = await runCli("src/cli/ingest.ts", [url], { dataDir, env });
      expect(second.stdout).toContain(`Đã cập nhật: ${id}`);
      const shown = JSON.parse(
        (await runCli("src/cli/ingest.ts", ["--show", id ?? "", "--json"], { dataDir })).stdout,
      );
      expect(shown).toMatchObject({ url });
      expect(shown.body).toContain("1702 hồ sơ");

      const refused = await runCli("src/cli/ingest.ts", [url], { dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain("(URL_FORBIDDEN)");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("backs up the store while it is in use", async () => {
    const dataDir = scratch();
    const seeded = await openSeedLibrary({ dataDir });
    const target = join(scratch(), "copy.sqlite");
    const run = await runCli("src/cli/backup.ts", [target], { dataDir });
    expect(run.stdout).toContain("Đã sao lưu 5 bài viết");
    const copy = LibraryStore.open(target);
    expect(copy.countArticles()).toBe(5);
    expect(copy.libraryId).toBe(seeded.store.libraryId);
    copy.close();
    await seeded.closeKeepingData();
  });
});
