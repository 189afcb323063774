import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/seed-library.ts";

const dir = tempDir();
afterAll(() => dir.remove());

describe("npm run ask", () => {
  it("answers a wrong command line with the reason and the usage, not a stack trace", async () => {
    const unknown = await runCli("src/cli/ask.ts", ["--bogus", "x"], { dataDir: dir.path });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    expect(unknown.stderr).toContain("Usage:");
    expect(unknown.stderr).not.toMatch(/\n\s+at /u);
    // A question that starts with "-" goes after a second "--", as the usage says.
    const dashed = await runCli("src/cli/ask.ts", ["--json", "--", "-PAR INDEX 2023 của Quảng Bình?"], {
      dataDir: dir.path,
    });
    expect(dashed.code).toBe(0);
    expect(JSON.parse(dashed.stdout).answer).toContain("86,06");
  });

  it("--json prints one object with the documented fields", async () => {
    const { code, stdout } = await runCli(
      "src/cli/ask.ts",
      ["--json", "Chỉ số PAR INDEX 2023 của Quảng Bình?"],
      { dataDir: dir.path },
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual([
      "question",
      "mode",
      "answer",
      "abstained",
      "citations",
      "hits",
      "missing",
      "related",
      "searched",
    ]);
    expect(result).toMatchObject({ mode: "search-only", abstained: false });
    expect(result.answer).toContain("86,06");
    expect(result.citations[0]).toEqual({
      n: 1,
      articleId: "001_259d2cb143c2386b",
      title: expect.any(String),
      date: "17/05",
      url: null,
      chunkId: expect.stringMatching(/^001_259d2cb143c2386b#\d+$/),
    });
    expect(Object.keys(result.hits[0])).toEqual(["articleId", "chunkId", "score", "text"]);
  });

  it("--jsonl answers one question per line, reporting bad ones without stopping", async () => {
    const input = ["tinh gian bien che vien chuc", "", "x".repeat(10_000), "Giá vàng hôm nay?"].join("\n");
    const { code, stdout } = await runCli("src/cli/ask.ts", ["--jsonl"], { dataDir: dir.path, stdin: input });
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0].abstained).toBe(false);
    expect(lines[1].error.code).toBe("QUESTION_TOO_LONG");
    expect(lines[2].abstained).toBe(true);
  });

  it("--jsonl replays conversations: same id = one chat in order, with the bot's follow-up memory", async () => {
    const input = [
      { conversation: "c1", question: "Chỉ số PAR INDEX 2023 của Quảng Bình là bao nhiêu?" },
      { conversation: "c2", question: "Văn bản số mấy truyền đạt ý kiến của Bộ trưởng Phạm Thị Thanh Trà?" },
      { conversation: "c1", question: "còn sipas thì sao?" },
      { conversation: "c2", question: "Giá vàng SJC hôm nay bao nhiêu?" },
      // Leans on "này", but its own words are none of the library's: a new subject, not a follow-up.
      { conversation: "c1", question: "Dự báo thời tiết cuối tuần này thế nào?" },
    ]
      .map((line) => JSON.stringify(line))
      .concat(["còn sipas thì sao?", '{"conversation": "c3"}', "{not json"])
      .join("\n");
    const { code, stdout } = await runCli("src/cli/ask.ts", ["--jsonl"], { dataDir: dir.path, stdin: input });
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.conversation ?? null)).toEqual([
      "c1",
      "c2",
      "c1",
      "c2",
      "c1",
      null,
      null,
      null,
    ]);
    expect(lines[0].answer).toContain("86,06");
    // The follow-up merged with c1's question (not c2's, asked in between), and says what it searched.
    expect(lines[2].searched).toMatch(/Quảng Bình/);
    expect(lines[2].answer).toContain("SIPAS");
    // An off-topic question after an answered one is not hijacked by it.
    expect(lines[3]).toMatchObject({ abstained: true, searched: null, citations: [] });
    expect(lines[4]).toMatchObject({ abstained: true, searched: null, citations: [] });
    // A plain line is a question of its own: nothing to lean on.
    expect(lines[5].searched).toBeNull();
    expect(lines[6].error.code).toBe("BAD_LINE");
    expect(lines[7].error.code).toBe("BAD_LINE");
  });

  it("prints a clear message and exits non-zero for an empty question", async () => {
    const { code, stderr } = await runCli("src/cli/ask.ts", ["   "], { dataDir: dir.path });
    expect(code).toBe(2);
    expect(stderr).toContain("Bạn hãy nhập câu hỏi");
  });

  it("stops with a message naming a wrong setting", async () => {
    const { code, stderr } = await runCli("src/cli/ask.ts", ["câu hỏi"], {
      dataDir: dir.path,
      env: { SEARCH_TOP_K: "many" },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("SEARCH_TOP_K");
  });
});

describe("npm start without a Telegram token", () => {
  it("opens the console chat, answers each piped line and exits at the end of input", async () => {
    const input = "PAR INDEX 2023 cua Quang Binh\n/lenh-la\n\n/stats\n";
    const { code, stdout } = await runCli("src/main.ts", [], { dataDir: dir.path, stdin: input });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Chế độ: chỉ tìm kiếm/);
    expect(stdout).toMatch(/Thư viện: 5 bài viết/);
    expect(stdout).toContain("86,06 điểm");
    expect(stdout).toContain("Lệnh không rõ: /lenh-la");
    expect(stdout).toMatch(/5 bài viết, \d+ đoạn/);
  });

  it("keeps a console conversation: a follow-up merges, an off-topic question after it is refused", async () => {
    const input = [
      "SIPAS 2023 của Quảng Bình đạt bao nhiêu phần trăm?",
      "còn PAR INDEX thì sao?",
      "Nghị quyết 76 nói gì?",
      "Giá vàng SJC hôm nay bao nhiêu?",
    ].join("\n");
    const { code, stdout } = await runCli("src/main.ts", [], { dataDir: dir.path, stdin: input });
    expect(code).toBe(0);
    expect(stdout).toContain("83%");
    expect(stdout).toMatch(/\(Đã tìm: «còn PAR INDEX thì sao\? [^»]*Quảng Bình[^»]*»\)\n[^\n]*86,06 điểm/);
    expect(stdout).toContain("Thư viện chưa có bài viết nào về «Nghị quyết 76»");
    const last = stdout.slice(stdout.lastIndexOf("Thư viện hiện chưa có bài viết nào trả lời"));
    expect(last).not.toMatch(/\[1\]/);
  });
});
