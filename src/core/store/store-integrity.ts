import type { IndexManifest } from "../search/search-index.ts";
import type { LibraryStore } from "./library-store.ts";

/**
 * The store looks lost: it is new, replaced or emptied while the saved index says it held articles.
 * Starting would import the seeds into an empty store and rebuild the index from it, deleting the only
 * other copy of every added article, so the program stops instead and says how to restore.
 */
export class StoreLostError extends Error {
  constructor(
    readonly storePath: string,
    readonly indexDir: string,
    detail: string,
  ) {
    super(
      `Kho bài viết ${storePath} có vẻ đã bị mất hoặc bị xoá trắng (${detail}), trong khi chỉ mục ${indexDir} ` +
        "cho thấy thư viện từng có bài viết. cchc-bot dừng lại để không làm mất dữ liệu. " +
        `Khôi phục: chép bản sao lưu (npm run backup) vào ${storePath} rồi khởi động lại. ` +
        `Nếu thật sự muốn bắt đầu lại từ đầu: xoá cả ${storePath} và thư mục ${indexDir}.`,
    );
    this.name = "StoreLostError";
  }
}

/**
 * Compares the store with the manifest of the saved index (null when there is none) and throws
 * StoreLostError when the store cannot be the one the index was built from, or has lost rows.
 */
export function checkStoreIntegrity(
  store: LibraryStore,
  savedIndex: Pick<IndexManifest, "libraryId" | "articleCount"> | null,
  indexDir: string,
): void {
  const lost = (detail: string) => new StoreLostError(store.path, indexDir, detail);
  const byLog = store.articlesByLog();
  const present = store.countArticles();
  if (present < byLog) throw lost(`nhật ký thay đổi ghi ${byLog} bài, trong kho chỉ còn ${present}`);
  if (!savedIndex || savedIndex.articleCount === 0) return;
  // An index saved by an older program version has no libraryId: nothing to compare it with.
  if (store.created) throw lost(`kho mới được tạo, chỉ mục có ${savedIndex.articleCount} bài`);
  if (savedIndex.libraryId && savedIndex.libraryId !== store.libraryId)
    throw lost(`kho không phải kho đã dựng chỉ mục (${savedIndex.articleCount} bài)`);
}
