/**
 * Domain errors as data: a code, the message a member sees (Vietnamese), and detail for the log.
 * Every adapter shows `userMessage`; nothing else about an error reaches a member.
 */
export const ERROR_MESSAGES = {
  EMPTY_FILE: "Tệp trống, không có nội dung để đưa vào thư viện.",
  FILE_TOO_BIG: "Tệp quá lớn (tối đa 20 MB). Vui lòng gửi tệp nhỏ hơn.",
  UNSUPPORTED_TYPE:
    "Chưa đọc được loại tệp này. Hãy gửi tệp .txt, .md, .html, .docx hoặc .pdf (có lớp chữ, không phải bản scan).",
  CORRUPT_FILE:
    "Tệp bị hỏng hoặc không đúng định dạng (có thể tải về chưa trọn), nên không đọc được. Hãy mở thử trên máy rồi gửi lại.",
  ENCRYPTED_FILE: "Tệp được bảo vệ bằng mật khẩu nên không đọc được. Hãy gỡ mật khẩu rồi gửi lại.",
  SCANNED_PDF:
    "Tệp PDF này là bản scan (chỉ có hình ảnh), không có lớp chữ. Bot chưa hỗ trợ nhận dạng chữ (OCR); hãy gửi bản Word hoặc PDF có chữ.",
  LEGACY_DOC: "Bot chưa đọc được tệp Word cũ (.doc). Hãy mở tệp và lưu lại dưới dạng .docx rồi gửi lại.",
  BINARY_FILE:
    "Tệp này không phải văn bản (có vẻ là tệp nhị phân). Hãy gửi tệp .txt/.md hoặc dán nội dung bài viết.",
  NOT_UTF8: "Không đọc được bảng mã của tệp. Hãy lưu tệp ở dạng UTF-8 rồi gửi lại.",
  EMPTY_ARTICLE:
    "Không tìm thấy nội dung bài viết: tệp chỉ có phần thừa của trang web (menu, quảng cáo, bình luận…). Hãy kiểm tra lại tệp.",
  NO_ARTICLE:
    "Không tìm thấy bài viết nào trên trang này (chỉ có menu, quảng cáo hoặc liên kết). Hãy gửi đường dẫn hoặc tệp của chính bài viết.",
  TOO_SHORT:
    "Bài viết quá ngắn để đưa vào thư viện: cần ít nhất một câu trọn vẹn (khoảng 8 từ, hoặc có con số).",
  DUPLICATE_ARTICLE: "Bài viết này đã có trong thư viện.",
  URL_INVALID:
    "Đường dẫn không hợp lệ. Hãy gửi một địa chỉ http:// hoặc https:// đầy đủ, ví dụ /add https://…",
  URL_FORBIDDEN: "Không được phép tải trang từ địa chỉ này (mạng nội bộ hoặc địa chỉ đặc biệt).",
  URL_UNREACHABLE: "Không kết nối được tới trang web. Hãy kiểm tra lại đường dẫn hoặc thử lại sau.",
  URL_TIMEOUT: "Trang web phản hồi quá chậm nên chưa tải được. Hãy thử lại sau.",
  URL_HTTP_ERROR: "Trang web trả về lỗi. Hãy kiểm tra lại đường dẫn.",
  URL_TOO_MANY_REDIRECTS: "Trang web chuyển hướng quá nhiều lần nên không tải được.",
  DOWNLOAD_FAILED: "Không tải được tệp từ Telegram. Vui lòng gửi lại sau ít phút.",
  NOT_ADMIN: "Chỉ quản trị viên của bot mới thêm, sửa hoặc xoá được bài viết trong thư viện.",
  NOTHING_TO_UNDO: "Không có thay đổi nào để hoàn tác.",
  UNDO_STALE: "Bài viết đã được thay đổi sau đó nên không hoàn tác được nữa.",
  EMPTY_QUESTION: "Bạn hãy nhập câu hỏi, ví dụ: «Chỉ số PAR INDEX 2023 của Quảng Bình là bao nhiêu?»",
  QUESTION_TOO_LONG: "Câu hỏi quá dài. Hãy hỏi ngắn gọn hơn (tối đa 1.000 ký tự).",
  INDEX_CORRUPT: "Chỉ mục tìm kiếm bị hỏng và đang được dựng lại.",
  CONFIG_INVALID: "Cấu hình không hợp lệ.",
  EMBEDDINGS_FAILED: "Dịch vụ tạo vector không phản hồi.",
  // Notes shown above a search-only answer when an LLM was configured but could not be used.
  LLM_TIMEOUT: "LLM không trả lời kịp; dưới đây là câu trả lời bằng tìm kiếm.",
  LLM_UNAVAILABLE: "Dịch vụ LLM đang gặp sự cố; dưới đây là câu trả lời bằng tìm kiếm.",
  LLM_COOLDOWN: "LLM tạm ngưng sau nhiều lỗi liên tiếp; dưới đây là câu trả lời bằng tìm kiếm.",
  LLM_UNVERIFIED: "Câu trả lời của LLM không kiểm chứng được nguồn; dưới đây là câu trả lời bằng tìm kiếm.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export class CchcError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;

  /** `userMessage` replaces the code's standard message when the situation needs specifics (a limit). */
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown; userMessage?: string }) {
    super(detail ? `${code}: ${detail}` : code, options?.cause === undefined ? {} : { cause: options.cause });
    this.name = "CchcError";
    this.code = code;
    this.userMessage = options?.userMessage ?? ERROR_MESSAGES[code];
  }
}

/** True when `error` is a CchcError with the given code. */
export function isCchcError(error: unknown, code?: ErrorCode): error is CchcError {
  return error instanceof CchcError && (code === undefined || error.code === code);
}
