import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress } from "../../../src/core/ingest/address-policy.ts";
import { fetchDocumentUrl } from "../../../src/core/ingest/fetch-url.ts";
import { asyncErrorCodeOf } from "../../helpers/errors.ts";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.0.0.5", "private"],
    ["172.16.4.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["::ffff:192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "shared"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["not-an-ip", "reserved"],
    ["203.0.113.10", null],
    ["172.32.0.1", null],
    ["8.8.8.8", null],
    ["2606:4700::1111", null],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe("fetchDocumentUrl", () => {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  let connections = 0;
  let base = "";
  const server = createServer((req, res) => {
    const route = routes.get(req.url ?? "");
    if (route) route(req, res);
    else res.writeHead(404).end("not found");
  });
  server.on("connection", () => connections++);
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const page =
    "<html><head><title>Tin</title></head><body><article><p>Nội dung bài viết</p></article></body></html>";
  routes.set("/tin/bai-viet", (_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page),
  );
  routes.set("/vanban", (_req, res) =>
    res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4"),
  );
  routes.set("/cu", (_req, res) => res.writeHead(301, { location: "/tin/bai-viet" }).end());
  routes.set("/vong", (_req, res) => res.writeHead(302, { location: "/vong" }).end());
  routes.set("/anh", (_req, res) => res.writeHead(200, { "content-type": "image/png" }).end("png"));
  routes.set("/lon", (_req, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(5000)),
  );
  routes.set("/lon-khong-do-dai", (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "transfer-encoding": "chunked" });
    for (let i = 0; i < 10; i++) res.write("y".repeat(1000));
    res.end();
  });
  routes.set("/bom", (_req, res) =>
    res
      .writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" })
      .end(gzipSync(Buffer.alloc(1_000_000, 0x20))),
  );
  routes.set("/cham", (_req, res) => {
    setTimeout(() => res.writeHead(200, { "content-type": "text/html" }).end(page), 2000).unref();
  });
  routes.set("/windows-1258", (_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=windows-1258" }).end(page),
  );

  const options = { timeoutMs: 2000, maxBytes: 4096, allowLoopback: true };

  it("fetches a page, naming it by its path and type", async () => {
    const fetched = await fetchDocumentUrl(`${base}/tin/bai-viet`, options);
    expect(Buffer.from(fetched.bytes).toString("utf8")).toBe(page);
    expect(fetched).toMatchObject({ contentType: "text/html", fileName: "bai-viet.html", charset: null });
    expect((await fetchDocumentUrl(`${base}/vanban`, options)).fileName).toBe("vanban.pdf");
    expect((await fetchDocumentUrl(`${base}/windows-1258`, options)).charset).toBe("windows-1258");
  });

  it("follows redirects, and stops at too many", async () => {
    expect((await fetchDocumentUrl(`${base}/cu`, options)).finalUrl).toBe(`${base}/tin/bai-viet`);
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/vong`, options))).toBe(
      "URL_TOO_MANY_REDIRECTS",
    );
  });

  it("refuses loopback unless allowed, and private, link-local and odd forms always, before connecting", async () => {
    const before = connections;
    const strict = { ...options, allowLoopback: false };
    for (const url of [
      `${base}/tin/bai-viet`,
      "http://2130706433/",
      "http://0x7f.1/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.5/",
      "http://192.168.1.10/",
    ]) {
      expect(await asyncErrorCodeOf(() => fetchDocumentUrl(url, strict)), url).toBe("URL_FORBIDDEN");
    }
    // A name that resolves to a private address (or to several, one of them private) is refused too.
    const lookup = async (name: string) =>
      name === "noibo.example.vn"
        ? [{ address: "10.1.2.3", family: 4 }]
        : [
            { address: "203.0.113.10", family: 4 },
            { address: "192.168.0.7", family: 4 },
          ];
    expect(
      await asyncErrorCodeOf(() => fetchDocumentUrl("http://noibo.example.vn/", { ...strict, lookup })),
    ).toBe("URL_FORBIDDEN");
    expect(
      await asyncErrorCodeOf(() => fetchDocumentUrl("https://hai.example.vn/", { ...strict, lookup })),
    ).toBe("URL_FORBIDDEN");
    expect(connections).toBe(before);
  });

  it("refuses a redirect to a private address", async () => {
    routes.set("/sang-noi-bo", (_req, res) =>
      res.writeHead(302, { location: "http://10.0.0.8/admin" }).end(),
    );
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/sang-noi-bo`, options))).toBe(
      "URL_FORBIDDEN",
    );
  });

  it("refuses other schemes, credentials and malformed URLs", async () => {
    for (const url of [
      "ftp://example.vn/a.txt",
      "file:///etc/passwd",
      "http://user:pw@example.vn/",
      "không phải url",
    ]) {
      expect(await asyncErrorCodeOf(() => fetchDocumentUrl(url, options)), url).toBe("URL_INVALID");
    }
  });

  it("bounds what it reads: size with and without a length, a compression bomb, the content type", async () => {
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/lon`, options))).toBe("FILE_TOO_BIG");
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/lon-khong-do-dai`, options))).toBe(
      "FILE_TOO_BIG",
    );
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/bom`, options))).toBe("FILE_TOO_BIG");
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/anh`, options))).toBe("UNSUPPORTED_TYPE");
  });

  it("gives up on a slow server at the timeout, and reports HTTP errors and closed ports", async () => {
    expect(
      await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/cham`, { ...options, timeoutMs: 300 })),
    ).toBe("URL_TIMEOUT");
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl(`${base}/khong-co`, options))).toBe(
      "URL_HTTP_ERROR",
    );
    expect(await asyncErrorCodeOf(() => fetchDocumentUrl("http://127.0.0.1:1/", options))).toBe(
      "URL_UNREACHABLE",
    );
  });
});
