import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepareArticle } from "../../../src/core/ingest/ingest-article.ts";
import { readDocument } from "../../../src/core/ingest/read-document.ts";
import { asyncErrorCodeOf } from "../../helpers/errors.ts";
import { buildPdf } from "../../helpers/pdf.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);

describe("readDocument and prepareArticle", () => {
  it("tells a scanned PDF, a password-protected file and an old .doc apart from an unreadable one", async () => {
    const read = (bytes: Uint8Array, fileName: string) => () => readDocument({ bytes, fileName });
    expect(await asyncErrorCodeOf(read(buildPdf({ pages: [null, null, null] }), "scan.pdf"))).toBe(
      "SCANNED_PDF",
    );
    expect(await asyncErrorCodeOf(read(buildPdf({ pages: ["Trang 1"] }), "scan-so-trang.pdf"))).toBe(
      "SCANNED_PDF",
    );
    expect(
      await asyncErrorCodeOf(read(buildPdf({ pages: ["Quyet dinh so 12"], encrypted: true }), "mat.pdf")),
    ).toBe("ENCRYPTED_FILE");
    expect(await asyncErrorCodeOf(read(OLE, "bao-cao.docx"))).toBe("ENCRYPTED_FILE");
    expect(await asyncErrorCodeOf(read(OLE, "bao-cao.doc"))).toBe("LEGACY_DOC");
    // A one-sentence PDF notice is text, not a scan.
    const notice = await readDocument({
      bytes: buildPdf({ pages: ["Thong bao: UBND tinh tiep cong dan vao ngay 15/3/2025 tai tru so."] }),
      fileName: "thong-bao.pdf",
    });
    expect(notice.text).toContain("15/3/2025");
  });

  it("extracts the article from an HTML page, without menus, ads, comments or related links", async () => {
    const article = await prepareArticle({
      bytes: fixture("tin-cchc-nghe-an.html"),
      origin: "upload",
      originalName: "tin.html",
    });
    expect(article.title).toBe("Nghệ An công bố Chỉ số SIPAS năm 2024");
    expect(article.body).toContain("84,72%, tăng 1,35% so với năm 2023");
    expect(article.body).toContain("các sở, ngành & địa phương");
    expect(article.body.split("\n\n").length).toBeGreaterThanOrEqual(3);
    for (const noise of [
      "Trang chủ",
      "Quảng cáo",
      "Bình luận",
      "Tin liên quan",
      "Thời tiết",
      "Thống kê",
      "Lượt xem",
    ]) {
      expect(article.body, noise).not.toContain(noise);
    }
    expect(article.url).toBe(
      "https://nghean.gov.vn/tin-tuc/2024/12/nghe-an-cong-bo-chi-so-sipas-2024-12345.html",
    );
    expect(article.date).toEqual({ year: 2024, month: 12, day: 20 });
  });

  it("keeps the page's headline as title when it ends like a question and the lead opens with a tag", async () => {
    const headline = "Vì sao Chỉ số SIPAS của Cà Mau giảm 4 bậc?";
    const lead =
      "(CM) - Ngày 14/3/2025, Bộ Nội vụ công bố Chỉ số SIPAS năm 2024: Cà Mau đạt 81,4%, giảm 4 bậc so với năm trước.";
    const page = `<!doctype html><html><head><title>${headline} | Báo Cà Mau</title>
<meta property="article:published_time" content="2025-03-15T07:00:00+07:00"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>
<article><h1>${headline}</h1><p class="sapo"><strong>${lead}</strong></p>
<p>Theo kết quả khảo sát, mức độ hài lòng về tiếp cận dịch vụ đạt 83,1%, về thủ tục hành chính đạt 80,2% và về công chức giải quyết công việc đạt 82,5%.</p>
<p>Sở Nội vụ được giao chủ trì xây dựng kế hoạch khắc phục, báo cáo UBND tỉnh trước ngày 30/4/2025 để triển khai ngay trong quý II.</p>
<div class="share-bar">Chia sẻ: Facebook | Zalo | Copy link</div>
<p class="author">Hoài Thương</p>
</article><footer>Bản quyền thuộc Báo Cà Mau</footer></body></html>`;
    const article = await prepareArticle({
      bytes: Buffer.from(page),
      origin: "upload",
      originalName: "tin.html",
    });
    expect(article.title).toBe(headline);
    expect(article.date).toEqual({ year: 2025, month: 3, day: 15 });
    expect(article.body.startsWith(lead)).toBe(true);
    // The byline Readability takes out is the author; the share bar is not text.
    expect(article.author).toBe("Hoài Thương");
    expect(article.body).not.toMatch(/Chia sẻ|Copy link|Hoài Thương/u);
  });

  it("takes the page's fuller headline over a shortened <title>, and its dateline over the header's date bar", async () => {
    const page = `<!doctype html><html><head><title>Trung tâm hành chính công tỉnh tiếp nhận 12.000 hồ sơ</title></head>
<body><div class="top"><span class="today">Thứ Bảy, 23/11/2024</span> <a href="/">Đăng nhập</a></div>
<table><tr><td class="newstitle"><b>Trung tâm hành chính công tỉnh Tây Ninh tiếp nhận 12.000 hồ sơ</b></td></tr>
<tr><td><span class="date">22/11/2024 15:42</span></td></tr>
<tr><td><p>Trong 10 tháng năm 2024, Trung tâm Phục vụ hành chính công tỉnh Tây Ninh tiếp nhận 12.046 hồ sơ, trong đó 99,1% được giải quyết đúng hạn và 7.930 hồ sơ nộp trực tuyến.</p>
<p>Trung tâm đang triển khai ứng dụng trợ lý ảo hướng dẫn thủ tục hành chính cho người dân, dự kiến đưa vào vận hành từ tháng 12/2024 tại toàn bộ 13 quầy tiếp nhận.</p></td></tr></table>
</body></html>`;
    const article = await prepareArticle({
      bytes: Buffer.from(page),
      origin: "upload",
      originalName: "tin.html",
    });
    expect(article.title).toBe("Trung tâm hành chính công tỉnh Tây Ninh tiếp nhận 12.000 hồ sơ");
    expect(article.date).toEqual({ year: 2024, month: 11, day: 22 });
  });

  it("reads a Word .docx", async () => {
    const article = await prepareArticle({
      bytes: fixture("so-ket-cchc-thanh-hoa.docx"),
      origin: "upload",
      originalName: "so-ket.docx",
    });
    expect(article.title).toBe("Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2024");
    expect(article.body).toContain("cắt giảm 132 thủ tục hành chính");
    expect(article.body).toContain("47,5%");
  });

  it("reads the text layer of a PDF and joins its lines back into paragraphs", async () => {
    const article = await prepareArticle({
      bytes: fixture("so-ket-cchc-ha-tinh.pdf"),
      origin: "upload",
      originalName: "so-ket.pdf",
    });
    expect(article.title).toBe("Hoi nghi so ket cong tac cai cach hanh chinh nam 2024");
    const paragraphs = article.body.split("\n\n");
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toContain("so ket cong tac cai cach hanh chinh 6 thang dau nam 2024. Theo bao cao");
    expect(article.body).toContain("52,4%");
    expect(article.date).toEqual({ year: null, month: 7, day: 10 });
  });

  it("refuses what holds no article, with a code for each reason", async () => {
    const prepare = (bytes: Uint8Array, originalName?: string) => () =>
      prepareArticle({ bytes, origin: "cli", originalName: originalName ?? null });
    expect(await asyncErrorCodeOf(prepare(Buffer.from("")))).toBe("EMPTY_FILE");
    expect(await asyncErrorCodeOf(prepare(Buffer.from("   \n\t  ")))).toBe("EMPTY_FILE");
    expect(await asyncErrorCodeOf(prepare(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff])))).toBe("BINARY_FILE");
    expect(await asyncErrorCodeOf(prepare(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "vanban.pdf"))).toBe(
      "CORRUPT_FILE",
    );
    expect(await asyncErrorCodeOf(prepare(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), "x.zip"))).toBe(
      "UNSUPPORTED_TYPE",
    );
    expect(
      await asyncErrorCodeOf(prepare(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), "hong.docx")),
    ).toBe("CORRUPT_FILE");
    expect(await asyncErrorCodeOf(prepare(Buffer.from("Tin liên quan\nLượt xem: 12\nLEAVE A REPLY\n")))).toBe(
      "EMPTY_ARTICLE",
    );
    const emptyPage =
      "<!doctype html><html><body><nav><a href='/'>Trang chủ</a></nav><footer>©</footer></body></html>";
    expect(await asyncErrorCodeOf(prepare(Buffer.from(emptyPage), "trang.html"))).toBe("NO_ARTICLE");
    expect(await asyncErrorCodeOf(prepare(Buffer.alloc(21 * 1024 * 1024, 0x61)))).toBe("FILE_TOO_BIG");
    // Text formats of their own are not articles as text, whatever their words.
    const rtf = "{\\rtf1\\ansi Bến Tre công bố 52 thủ tục hành chính mới trong lĩnh vực tư pháp năm 2025.}";
    expect(await asyncErrorCodeOf(prepare(Buffer.from(rtf), "bai.rtf"))).toBe("UNSUPPORTED_TYPE");
    expect(await asyncErrorCodeOf(prepare(Buffer.from("tinh,diem\nBen Tre,86.1\n"), "so-lieu.csv"))).toBe(
      "UNSUPPORTED_TYPE",
    );
  });

  it("refuses pages whose words state nothing: a menu, a list of other stories, an error page", async () => {
    const prepare = (html: string) => () =>
      prepareArticle({ bytes: Buffer.from(html), origin: "cli", originalName: "trang.html" });
    const page = (body: string, title = "Cổng thông tin điện tử tỉnh Đồng Tháp") =>
      `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
    const menu = page(
      "<div class='menu'><a href='/'>Trang chủ</a> <a href='/tin'>Tin tức</a> <a href='/vb'>Văn bản</a> <a href='/lh'>Liên hệ</a></div><div>Đăng nhập | Đăng ký | Quên mật khẩu | Hỗ trợ kỹ thuật</div>",
    );
    expect(await asyncErrorCodeOf(prepare(menu))).toBe("EMPTY_ARTICLE");
    const headlines = [
      "Sa Đéc đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính",
      "Tháp Mười rút ngắn 40% thời gian giải quyết hồ sơ tại Bộ phận một cửa",
      "Đồng Tháp công bố Chỉ số cải cách hành chính năm 2023 của các sở, ngành",
      "Lai Vung tổ chức đối thoại với doanh nghiệp về thủ tục đất đai",
    ];
    const listing = page(
      `<h1>Cải cách hành chính</h1><ul>${headlines.map((h, i) => `<li><a href="/t/${i}">${h}</a> <span>0${i + 1}/04/2024</span></li>`).join("")}</ul>`,
    );
    expect(await asyncErrorCodeOf(prepare(listing))).toBe("EMPTY_ARTICLE");
    const notFound = page(
      "<h1>404 - Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã được chuyển đi nơi khác. Vui lòng quay lại trang chủ.</p>",
      "404 - Không tìm thấy trang",
    );
    expect(await asyncErrorCodeOf(prepare(notFound))).toBe("EMPTY_ARTICLE");
  });

  it("takes a heading marked as the title when the page has no <h1> and its <title> is the site's", async () => {
    const headline = "Bình Định: 100% thủ tục đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình";
    const page = `<html><head><title>Sở Thông tin và Truyền thông Bình Định</title></head><body>
<table><tr><td class="title"><h2 class="title">${headline}</h2></td></tr>
<tr><td><p>Đến hết tháng 9/2024, tỉnh Bình Định đã cung cấp 1.203 dịch vụ công trực tuyến toàn trình, đạt 100% số thủ tục đủ điều kiện, tỷ lệ hồ sơ nộp trực tuyến đạt 71,4%.</p>
<p>Sở Thông tin và Truyền thông cho biết sẽ tiếp tục rà soát, tái cấu trúc quy trình để người dân không phải nộp lại giấy tờ đã số hóa.</p></td></tr></table></body></html>`;
    const article = await prepareArticle({
      bytes: Buffer.from(page),
      origin: "cli",
      originalName: "bd.html",
    });
    expect(article.title).toBe(headline);
  });

  it("recognises HTML without an extension and leaves plain text alone", async () => {
    expect((await readDocument({ bytes: fixture("tin-cchc-nghe-an.html") })).format).toBe("html");
    expect((await readDocument({ bytes: Buffer.from("Tin <b>ngắn</b> có dấu nhỏ hơn < 5") })).format).toBe(
      "text",
    );
  });
});
